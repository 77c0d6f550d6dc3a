import { isLeft } from 'fp-ts/lib/Either.js';
import type { Bus, BusEvent } from '../../bus/index.js';
import type { MafiaConfig } from '../../config/mafia.js';
import { HttpError, type HttpRoute } from '../../gateway/index.js';
import { MAFIA_ERRORS, type MafiaErrorCode } from '../../../machines/mafia/errors.js';
import { describeErrors } from '../../protocol/index.js';
import { createPlayerBody } from '../../protocol/mafia.js';
import { newCredentials, newGameId, newSeed } from './credentials.js';
import type { CreationGuard } from '../creation-guard.js';
import { gameAddress } from './socket-route.js';

const GAME_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Turn the game's answer into a value, or throw the HTTP error its ERROR event names. */
function answerOf(reply: BusEvent, expected: string): Record<string, unknown> {
  if (reply.type === expected) return reply.payload as Record<string, unknown>;
  const { code, message } =
    reply.type === 'ERROR'
      ? (reply.payload as { code: string; message: string })
      : { code: String(reply.code ?? 'SERVER_ERROR'), message: String(reply.message ?? 'unexpected answer') };
  const status = MAFIA_ERRORS[code as MafiaErrorCode]?.status ?? (code === 'NOT_FOUND' ? 404 : 500);
  throw new HttpError(status, code, message);
}

/** `POST /api/games`, `POST /api/games/:game_id/players`, `GET /api/games/:game_id`. */
export function createMafiaRestRoutes(bus: Bus, config: MafiaConfig, timeoutMs: number, creations: CreationGuard): HttpRoute[] {
  const Body = createPlayerBody(config);
  const readName = (body: unknown): string => {
    const decoded = Body.decode(body ?? {});
    if (isLeft(decoded)) throw new HttpError(400, 'VALIDATION_ERROR', describeErrors(decoded.left));
    return decoded.right.player_name;
  };
  const readGameId = (id: string | undefined) => {
    if (!id || !GAME_ID.test(id)) throw new HttpError(404, 'GAME_NOT_FOUND', 'no such game');
    return id;
  };
  const admit = async (gameId: string, event: BusEvent, playerId: string) => {
    const reply = await bus.request(gameAddress(gameId), event, { from: { member: playerId }, timeoutMs });
    return { status: 201, body: answerOf(reply, 'SESSION_CREDENTIALS') };
  };

  return [
    {
      method: 'post',
      path: '/api/games',
      handler: ({ body, remoteAddress }) => {
        const playerName = readName(body);
        creations.check(remoteAddress);
        const c = newCredentials();
        return admit(newGameId(), {
          type: 'CREATE_GAME',
          payload: { player_name: playerName },
          player_id: c.playerId,
          session_token: c.sessionToken,
          token_hash: c.tokenHash,
          seed: newSeed(config.seed),
        }, c.playerId);
      },
    },
    {
      method: 'post',
      path: '/api/games/:game_id/players',
      handler: ({ body, params }) => {
        const gameId = readGameId(params.game_id);
        const playerName = readName(body);
        const c = newCredentials();
        return admit(gameId, {
          type: 'JOIN_GAME',
          payload: { game_id: gameId, player_name: playerName },
          player_id: c.playerId,
          session_token: c.sessionToken,
          token_hash: c.tokenHash,
        }, c.playerId);
      },
    },
    {
      method: 'get',
      path: '/api/games/:game_id',
      handler: async ({ params }) => {
        const gameId = readGameId(params.game_id);
        const reply = await bus.request(gameAddress(gameId), { type: 'GET_GAME' }, { timeoutMs });
        return { status: 200, body: answerOf(reply, 'GAME_VIEW').game };
      },
    },
  ];
}
