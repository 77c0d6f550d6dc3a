import type { MafiaConfig } from '../../config/mafia.js';
import type { SocketRoute } from '../../gateway/index.js';
import { createMafiaCodec, type MafiaClientAction } from '../../protocol/mafia.js';
import type { CreationGuard } from '../creation-guard.js';
import { hashToken, newCredentials, newGameId, newSeed } from './credentials.js';

export const MAFIA_KIND = 'mafia';
export const gameAddress = (gameId: string) => `${MAFIA_KIND}/${gameId}`;

/**
 * `/mafia/ws`: a socket first sends RECONNECT, CREATE_GAME or JOIN_GAME; once the game has
 * bound it (its `conn.bindings` holds the game), every other action goes to that game
 * with the bound player as sender.
 */
export function createMafiaSocketRoute(config: MafiaConfig, creations: CreationGuard): SocketRoute<MafiaClientAction> {
  return {
    path: '/mafia/ws',
    codec: createMafiaCodec(config),
    message(action, conn) {
      const bound = conn.bindings.keys().next().value as string | undefined;
      switch (action.type) {
        case 'CREATE_GAME': {
          if (bound) return conn.sendError('ALREADY_IN_GAME', 'this socket is already in a game; open another socket for another game');
          const refused = creations.refusal(conn.remoteAddress);
          if (refused) return conn.sendError(refused.reason === 'full' ? 'SERVER_FULL' : 'RATE_LIMITED', refused.message);
          const credentials = newCredentials();
          return {
            address: gameAddress(newGameId()),
            event: {
              type: 'CREATE_GAME',
              payload: { player_name: action.payload.player_name },
              player_id: credentials.playerId,
              session_token: credentials.sessionToken,
              token_hash: credentials.tokenHash,
              seed: newSeed(config.seed),
            },
          };
        }
        case 'JOIN_GAME': {
          if (bound) return conn.sendError('ALREADY_IN_GAME', 'this socket is already in a game; open another socket for another game');
          const credentials = newCredentials();
          return {
            address: gameAddress(action.payload.game_id),
            event: {
              type: 'JOIN_GAME',
              payload: { game_id: action.payload.game_id, player_name: action.payload.player_name },
              player_id: credentials.playerId,
              session_token: credentials.sessionToken,
              token_hash: credentials.tokenHash,
            },
          };
        }
        case 'RECONNECT': {
          const address = gameAddress(action.payload.game_id);
          // A socket speaks for one player of one game: it never collects a second member's topics.
          if (bound && (bound !== address || conn.bindings.get(bound) !== action.payload.player_id)) {
            return conn.sendError('ALREADY_IN_GAME', 'this socket already speaks for another player or game; open another socket');
          }
          return {
            address,
            event: {
              type: 'RECONNECT',
              payload: { game_id: action.payload.game_id, player_id: action.payload.player_id },
              token_hash: hashToken(action.payload.session_token),
            },
          };
        }
        default:
          if (!bound) return conn.sendError('NOT_IN_GAME', 'send RECONNECT, CREATE_GAME or JOIN_GAME first');
          return { address: bound, event: { type: action.type, payload: action.payload } };
      }
    },
  };
}
