import type { Bus } from '../../bus/index.js';
import { HttpError } from '../../gateway/index.js';
import type { TableSettings } from '../../../machines/poker/table-state.js';
import type { PokerRepository } from '../../store/index.js';

/**
 * Which tables exist: ids in the repository (cached here so the socket route can refuse
 * unknown ids without waking an actor or waiting on the store), created by asking the new
 * table's actor.
 */
export interface TableRegistry {
  has(id: string): boolean;
  ids(): string[];
  create(id: string, settings: TableSettings): Promise<Record<string, unknown>>;
  /** Stop hearing of tables other processes of a cluster create. */
  stop(): void;
}

/** Where every process announces the tables it creates, so the others of a cluster know them at once. */
const TABLES_TOPIC = 'poker-tables';

export async function createTableRegistry(deps: { bus: Bus; repo: PokerRepository; timeoutMs: number; now: () => number }): Promise<TableRegistry> {
  const { bus, repo, timeoutMs, now } = deps;
  const known = new Set((await repo.listTables()).map((t) => t.id));
  const stop = bus.subscribe(TABLES_TOPIC, (event) => void known.add(String(event.id)));
  const announce = (id: string) => bus.publish(TABLES_TOPIC, { type: 'table', id });
  return {
    stop,
    has: (id) => known.has(id),
    ids: () => [...known],
    async create(id, settings) {
      const reply = await bus.request(`poker/${id}`, { type: '$create', settings }, { timeoutMs });
      if (reply.type === 'ERROR' && reply.code === 'TABLE_EXISTS' && !known.has(id)) {
        // The actor outlived its registry row (e.g. restored data): adopt it.
        known.add(id);
        await repo.addTable(id, settings, now());
        announce(id);
        const summary = await bus.request(`poker/${id}`, { type: '$summary' }, { timeoutMs });
        return summary.table as Record<string, unknown>;
      }
      if (reply.type !== 'TABLE_CREATED') {
        const code = String(reply.code ?? 'SERVER_ERROR');
        throw new HttpError(code === 'TABLE_EXISTS' ? 409 : code === 'VALIDATION_ERROR' ? 400 : 500, code, String(reply.msg ?? reply.message ?? 'table not created'));
      }
      // The actor exists from here on: sockets may use the id while its row is written.
      known.add(id);
      await repo.addTable(id, settings, now());
      announce(id);
      return reply.table as Record<string, unknown>;
    },
  };
}
