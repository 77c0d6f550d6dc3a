import { isLeft } from 'fp-ts/lib/Either.js';
import { nanoid } from 'nanoid';
import type { Bus } from '../../bus/index.js';
import type { PokerConfig } from '../../config/poker.js';
import { HttpError, type HttpRoute } from '../../gateway/index.js';
import { describeErrors } from '../../protocol/index.js';
import { CreateTableBody } from '../../protocol/poker.js';
import { validateSettings, type TableSettings } from '../../../machines/poker/table-state.js';
import type { TableRegistry } from './table-registry.js';

/** `GET /api/tables` (every table with its live player count) and `POST /api/tables`. */
export function createPokerHttpRoutes(deps: { bus: Bus; registry: TableRegistry; config: PokerConfig; timeoutMs: number }): HttpRoute[] {
  const { bus, registry, config, timeoutMs } = deps;
  return [
    {
      method: 'get',
      path: '/api/tables',
      async handler() {
        const tables = await Promise.all(
          registry.ids().map(async (id) => {
            const reply = await bus.request(`poker/${id}`, { type: '$summary' }, { timeoutMs });
            return reply.type === 'TABLE_SUMMARY' ? reply.table : null;
          }),
        );
        return { status: 200, body: { tables: tables.filter((t) => t !== null) } };
      },
    },
    {
      method: 'post',
      path: '/api/tables',
      async handler({ body }) {
        const decoded = CreateTableBody.decode(body ?? {});
        if (isLeft(decoded)) throw new HttpError(400, 'VALIDATION_ERROR', describeErrors(decoded.left));
        if (registry.ids().length >= config.maxTables) throw new HttpError(409, 'TOO_MANY_TABLES', `at most ${config.maxTables} tables`);
        const b = decoded.right;
        const settings: TableSettings = {
          name: b.name ?? `Table ${b.smallBlind}/${b.bigBlind}`,
          smallBlind: b.smallBlind,
          bigBlind: b.bigBlind,
          maxSeats: b.maxSeats ?? 6,
          minBuyIn: b.minBuyIn ?? b.bigBlind * 20,
          maxBuyIn: b.maxBuyIn ?? b.bigBlind * 100,
          actionTimeMs: b.actionTimeMs ?? config.actionTimeMs,
          timebankMs: b.timebankMs ?? config.timebankMs,
          disconnectGraceMs: b.disconnectGraceMs ?? config.disconnectGraceMs,
          nextHandDelayMs: b.nextHandDelayMs ?? config.nextHandDelayMs,
        };
        const problems = validateSettings(settings);
        if (problems.length > 0) throw new HttpError(400, 'VALIDATION_ERROR', problems.join('; '));
        const table = await registry.create(`t-${nanoid(10)}`, settings);
        return { status: 201, body: { table } };
      },
    },
  ];
}
