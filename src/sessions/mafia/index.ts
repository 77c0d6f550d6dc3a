import { mafiaMachine, type MafiaInput } from '../../../machines/mafia/machine.js';
import { mafiaConfig } from '../../config/mafia.js';
import { mafiaWire } from '../../protocol/mafia.js';
import { defineActorKind } from '../../runtime/index.js';
import { defineSession } from '../define-session.js';
import { createCreationGuard } from '../creation-guard.js';
import { createMafiaRestRoutes } from './rest-routes.js';
import { createMafiaSocketRoute, MAFIA_KIND } from './socket-route.js';
import { mafiaPrivateFields } from '../../../machines/mafia/private-fields.js';

/**
 * The mafia lobby (seed 000): one `mafia/<game_id>` actor per game, REST create/join/view
 * and the `/mafia/ws` socket.
 */
export const mafiaSession = defineSession({
  name: 'mafia',
  config: mafiaConfig,
  machines: () => ({ [MAFIA_KIND]: mafiaMachine }),
  privateFields: { [MAFIA_KIND]: mafiaPrivateFields },
  wire: [mafiaWire],
  create: (deps) => {
    const { bus, config } = deps;
    const settings = config.mafia;
    const creations = createCreationGuard(deps, { kind: MAFIA_KIND, what: 'games' });
    return {
      actors: [
        defineActorKind({
          kind: MAFIA_KIND,
          machine: mafiaMachine,
          input: (id): MafiaInput => ({
            gameId: id,
            settings: {
              minPlayers: settings.minPlayers,
              maxPlayers: settings.maxPlayers,
              dayMs: settings.dayMs,
              verdictMs: settings.verdictMs,
              nightMs: settings.nightMs,
              maxDays: settings.maxDays,
              chatHistoryMax: settings.chatHistoryMax,
              quietPeriodMessages: settings.quietPeriodMessages,
              hostGraceMs: settings.hostGraceMs,
            },
          }),
          // A running game has live timers: it stays in memory until it ends.
          canPassivate: (snapshot) => snapshot.context.phase !== 'DAY' && snapshot.context.phase !== 'NIGHT',
          // An address nobody created (a JOIN to an unknown id) is not worth storing.
          shouldPersist: (snapshot) => snapshot.context.phase !== 'VOID',
          members: (snapshot) => snapshot.context.players.length,
        }),
      ],
      sockets: [createMafiaSocketRoute(settings, creations)],
      http: createMafiaRestRoutes(bus, settings, config.requestTimeoutMs, creations),
    };
  },
});
