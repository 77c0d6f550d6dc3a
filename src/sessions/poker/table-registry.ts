import type { Bus } from '../../bus/index.js';
import { HttpError } from '../../gateway/index.js';
import type { TableSettings } from '../../../machines/poker/table-state.js';
import { TABLE_SUMMARIES_TOPIC } from '../../../machines/poker/table-machine.js';
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
  /**
   * A page of the lobby, oldest table first: each table's last announced summary. A table
   * not heard from since this process started is asked once (that wakes it once); after
   * that its own announcements (`$table_summary`) keep the entry current.
   */
  summaries(page: { limit: number; after?: string }): Promise<{ tables: Record<string, unknown>[]; has_more: boolean }>;
  /** Stop listening to the tables' announcements. */
  close(): void;
}

export async function createTableRegistry(deps: { bus: Bus; repo: PokerRepository; timeoutMs: number; now: () => number }): Promise<TableRegistry> {
  const { bus, repo, timeoutMs, now } = deps;
  const known = new Set((await repo.listTables()).map((t) => t.id));
  const latest = new Map<string, Record<string, unknown>>();
  const unsubscribe = bus.subscribe(TABLE_SUMMARIES_TOPIC, (event) => {
    const table = event.table as Record<string, unknown> | undefined;
    if (!table || typeof table.tableId !== 'string') return;
    latest.set(table.tableId, table);
    // A table another node of a cluster created is known here from its first announcement.
    known.add(table.tableId);
  });

  async function summaryOf(id: string): Promise<Record<string, unknown> | null> {
    const cached = latest.get(id);
    if (cached) return cached;
    const reply = await bus.request(`poker/${id}`, { type: '$summary' }, { timeoutMs });
    if (reply.type !== 'TABLE_SUMMARY') return null;
    const table = reply.table as Record<string, unknown>;
    if (!latest.has(id)) latest.set(id, table);
    return latest.get(id)!;
  }

  return {
    async summaries({ limit, after }) {
      const ids = [...known];
      const start = after === undefined ? 0 : ids.indexOf(after) + 1;
      const slice = ids.slice(start, start + limit);
      const tables = await Promise.all(slice.map(summaryOf));
      return { tables: tables.filter((t) => t !== null), has_more: start + limit < ids.length };
    },
    close: () => unsubscribe(),
    has: (id) => known.has(id),
    ids: () => [...known],
    async create(id, settings) {
      const reply = await bus.request(`poker/${id}`, { type: '$create', settings }, { timeoutMs });
      if (reply.type === 'ERROR' && reply.code === 'TABLE_EXISTS' && !known.has(id)) {
        // The actor outlived its registry row (e.g. restored data): adopt it.
        known.add(id);
        await repo.addTable(id, settings, now());
        const summary = await bus.request(`poker/${id}`, { type: '$summary' }, { timeoutMs });
        return summary.table as Record<string, unknown>;
      }
      if (reply.type !== 'TABLE_CREATED') {
        const code = String(reply.code ?? 'SERVER_ERROR');
        throw new HttpError(code === 'TABLE_EXISTS' ? 409 : code === 'VALIDATION_ERROR' ? 400 : 500, code, String(reply.msg ?? reply.message ?? 'table not created'));
      }
      // The actor exists from here on: sockets may use the id while its row is written.
      known.add(id);
      if (!latest.has(id)) latest.set(id, reply.table as Record<string, unknown>);
      await repo.addTable(id, settings, now());
      // Announced at once, so sockets on every node of a cluster may use the id.
      bus.publish(TABLE_SUMMARIES_TOPIC, { type: '$table_summary', table: reply.table });
      return reply.table as Record<string, unknown>;
    },
  };
}
