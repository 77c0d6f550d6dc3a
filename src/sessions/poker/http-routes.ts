import { isLeft } from 'fp-ts/lib/Either.js';
import { nanoid } from 'nanoid';
import type { PokerConfig } from '../../config/poker.js';
import { HttpError, readPageQuery, type HttpRoute } from '../../gateway/index.js';
import type { CreationGuard } from '../creation-guard.js';
import { describeErrors } from '../../protocol/index.js';
import { CreateTableBody } from '../../protocol/poker.js';
import { validateSettings, type TableSettings } from '../../../machines/poker/table-state.js';
import type { TableRegistry } from './table-registry.js';

/** `GET /api/tables` (a page of tables with their live player counts, answered without waking them) and `POST /api/tables`. */
export function createPokerHttpRoutes(deps: {
  registry: TableRegistry;
  config: PokerConfig;
  creations: CreationGuard;
  pages: { defaultLimit: number; maxLimit: number };
}): HttpRoute[] {
  const { registry, config, creations, pages } = deps;
  return [
    {
      method: 'get',
      path: '/api/tables',
      async handler({ query }) {
        return { status: 200, body: await registry.summaries(readPageQuery(query, pages)) };
      },
    },
    {
      method: 'post',
      path: '/api/tables',
      async handler({ body, remoteAddress }) {
        const decoded = CreateTableBody.decode(body ?? {});
        if (isLeft(decoded)) throw new HttpError(400, 'VALIDATION_ERROR', describeErrors(decoded.left));
        if (registry.ids().length >= config.maxTables) throw new HttpError(409, 'TOO_MANY_TABLES', `at most ${config.maxTables} tables`);
        creations.check(remoteAddress);
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
