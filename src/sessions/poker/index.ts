import type { TableSettings } from '../../../machines/poker/table-state.js';
import { TABLE_SUMMARIES_TOPIC, tableMachine } from '../../../machines/poker/table-machine.js';
import { ACTOR_MOVED_TOPIC } from '../../bus/index.js';
import { pokerConfig } from '../../config/poker.js';
import { pokerWire } from '../../protocol/poker.js';
import { defineSession } from '../define-session.js';
import { createCreationGuard } from '../creation-guard.js';
import { createPokerHttpRoutes } from './http-routes.js';
import { createPokerIdentities } from './identity.js';
import { createPokerSocketRoute } from './socket-route.js';
import { createTableKind } from './table-kind.js';
import { createTableRegistry } from './table-registry.js';
import { pokerPrivateFields } from '../../../machines/poker/private-fields.js';

/** Seed 002: no-limit hold'em tables over `/poker/ws`, `GET/POST /api/tables`. */
/** Where every process announces the resume tokens it mints (a topic only servers subscribe: no socket hears it). */
const IDENTITIES_TOPIC = 'poker-identities';

export const pokerSession = defineSession({
  name: 'poker',
  config: pokerConfig,
  machines: () => ({ poker: tableMachine }),
  privateFields: { poker: pokerPrivateFields },
  wire: [pokerWire],
  repositories: ['poker'],
  create: async (deps) => {
    const { bus, store, config, clock, logger } = deps;
    const poker = config.poker;
    // The store runs a repository's calls in call order: a resumed socket reads the tables it noted before.
    const repo = store.poker;
    const now = () => clock.now();
    const registry = await createTableRegistry({ bus, repo, timeoutMs: config.requestTimeoutMs, now });
    // Tokens minted by any process are announced on the bus, so a cluster's other nodes resume them from memory too.
    const identities = await createPokerIdentities({
      repo,
      ttlMs: poker.resumeTtlSec * 1000,
      now,
      logger,
      announce: (token, userId, lastUsed) => bus.publish(IDENTITIES_TOPIC, { type: 'minted', token, userId, lastUsed }),
    });
    const stopLearning = bus.subscribe(IDENTITIES_TOPIC, (event) => identities.learn(String(event.token), String(event.userId), Number(event.lastUsed)));
    const moved: ((address: string) => void)[] = [];
    const stopMoved = bus.subscribe(ACTOR_MOVED_TOPIC, (event) => {
      for (const listener of moved) listener(String(event.address));
    });
    const fixedSeed = poker.rngSeed && !config.production ? poker.rngSeed : undefined;
    if (poker.rngSeed && config.production) logger.warn({}, 'POKER_RNG_SEED is ignored in production: decks use the crypto RNG');
    const defaultSettings: TableSettings = {
      name: poker.defaultTableName,
      smallBlind: poker.smallBlind,
      bigBlind: poker.bigBlind,
      maxSeats: poker.maxSeats,
      minBuyIn: poker.minBuyIn,
      maxBuyIn: poker.maxBuyIn,
      actionTimeMs: poker.actionTimeMs,
      timebankMs: poker.timebankMs,
      disconnectGraceMs: poker.disconnectGraceMs,
      nextHandDelayMs: poker.nextHandDelayMs,
    };
    return {
      actors: [
        createTableKind(fixedSeed, {
          abandonAfterMs: poker.abandonAfterMs,
          keepStackMs: poker.resumeTtlSec * 1000,
          timebankRefillMs: poker.timebankRefillMs,
          timebankRefillEveryHands: poker.timebankRefillEveryHands,
        }, (table) => bus.publish(TABLE_SUMMARIES_TOPIC, { type: '$table_summary', table })),
      ],
      sockets: [createPokerSocketRoute({ repo, identities, registry, logger, onMoved: (listener) => void moved.push(listener) })],
      http: createPokerHttpRoutes({
        registry,
        config: poker,
        creations: createCreationGuard(deps, { what: 'tables' }),
        pages: { defaultLimit: config.listPageDefault, maxLimit: config.listPageMax },
      }),
      async start() {
        if (!registry.has(poker.defaultTableId)) await registry.create(poker.defaultTableId, defaultSettings);
      },
      stop: () => {
        stopLearning();
        stopMoved();
        registry.close();
      },
    };
  },
});
