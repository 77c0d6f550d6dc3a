/** The `/pong/ws` wire codec: `{"type","data"}` envelopes; machines emit them ready-made. */
import type { BusEvent } from '../../bus/index.js';
import type { WireCodec } from '../../contract/index.js';
import { decodePong, type PongClientMessage } from '../../protocol/pong.js';
import { PONG_ERRORS, type PongErrorCode } from '../../../machines/pong/errors.js';

interface GameStateData {
  timestamp: number;
  ball: { x: number; y: number; vx: number; vy: number };
  playerPaddle: { y: number; vy: number };
  aiPaddle: { y: number; vy: number };
  score: { player: number; ai: number };
  stressLevel: number;
}

/**
 * `game_state` is 60 frames a second per match: written with one template instead of
 * JSON.stringify (about half the cost). Every field is a finite number by construction
 * (physics output), so the text is exactly what JSON.stringify would produce; a test
 * checks that.
 */
export function encodeGameState(d: GameStateData): string {
  const { ball: b, playerPaddle: p, aiPaddle: a, score: s } = d;
  return (
    `{"type":"game_state","data":{"timestamp":${d.timestamp},"ball":{"x":${b.x},"y":${b.y},"vx":${b.vx},"vy":${b.vy}},` +
    `"playerPaddle":{"y":${p.y},"vy":${p.vy}},"aiPaddle":{"y":${a.y},"vy":${a.vy}},"score":{"player":${s.player},"ai":${s.ai}},"stressLevel":${d.stressLevel}}}`
  );
}

export const pongCodec: WireCodec<PongClientMessage> = {
  decode: decodePong,
  encode: (event: BusEvent) => (event.type === 'game_state' ? encodeGameState(event.data as GameStateData) : JSON.stringify(event)),
  error: (code, message) =>
    JSON.stringify({ type: 'error', data: { code, message, recoverable: PONG_ERRORS[code as PongErrorCode]?.recoverable ?? true } }),
  codes: { validation: 'VALIDATION_ERROR', rateLimited: 'RATE_LIMIT_EXCEEDED' },
};
