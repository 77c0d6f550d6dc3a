/**
 * Wire codec of seed 004's `/pong/ws`: `{"type": <event name>, "data": {...}}` both ways,
 * camelCase fields as the seed's Zod schemas (`/opponent/ws` is opponent.ts).
 */
import { ascii, createJsonBytes } from './json-bytes.js';
import * as t from 'io-ts';
import type { BusEvent, WireCodec } from '../contract/index.js';
import { Uuid } from './common.js';
import { checkedType, codecsByTag, decodeTagged, parseObject, type Decoded } from './decode.js';
import { PONG_ERRORS, type PongErrorCode } from '../../machines/pong/errors.js';
import { pongServerEvents } from './pong-events.js';
import { parseInputFrame } from './pong-input-frame.js';

/** A finite number (seed 004's timestamps and signals; `/opponent/ws` shares it). */
export const finite = checkedType('number', (u): u is number => typeof u === 'number' && Number.isFinite(u));
/** Payload-less events accept a missing `data` or any object (extra fields ignored). */
const noData = t.partial({ data: t.UnknownRecord });

export const Signals = t.type({ up: finite, down: finite, left: finite, right: finite }, 'Signals');
export const Direction = t.keyof({ LEFT: null, RIGHT: null, NEUTRAL: null }, '"LEFT" | "RIGHT" | "NEUTRAL"');

export const Connect = t.intersection([t.type({ type: t.literal('connect') }), t.partial({ data: t.partial({ userId: Uuid }) })]);
export const StartCalibration = t.intersection([t.type({ type: t.literal('start_calibration') }), noData]);
export const CalibrationSample = t.type({
  type: t.literal('calibration_sample'),
  data: t.type({ signals: Signals, timestamp: finite }),
});
export const InputCommand = t.type({
  type: t.literal('input_command'),
  data: t.intersection([t.type({ direction: Direction, timestamp: finite }), t.partial({ rawActivation: finite })]),
});
export const StartGame = t.intersection([t.type({ type: t.literal('start_game') }), noData]);
export const PauseGame = t.intersection([t.type({ type: t.literal('pause_game') }), noData]);
export const Disconnect = t.intersection([t.type({ type: t.literal('disconnect') }), noData]);

export const PongClientMessage = t.union([Connect, StartCalibration, CalibrationSample, InputCommand, StartGame, PauseGame, Disconnect]);
export type PongClientMessage = t.TypeOf<typeof PongClientMessage>;

const pongCodecs = codecsByTag<t.Mixed>([Connect, StartCalibration, CalibrationSample, InputCommand, StartGame, PauseGame, Disconnect]);

export function decodePong(text: string): Decoded<PongClientMessage> {
  const input = parseInputFrame(text);
  if (input !== undefined) return { ok: true, value: input };
  const parsed = parseObject(text);
  return parsed.ok ? decodeTagged(parsed.value, pongCodecs) : parsed;
}

interface GameStateData {
  timestamp: number;
  ball: { x: number; y: number; vx: number; vy: number };
  playerPaddle: { y: number; vy: number };
  aiPaddle: { y: number; vy: number };
  score: { player: number; ai: number };
  stressLevel: number;
}

const gameStateKeys = [
  '{"type":"game_state","data":{"timestamp":', ',"ball":{"x":', ',"y":', ',"vx":', ',"vy":', '},"playerPaddle":{"y":', ',"vy":',
  '},"aiPaddle":{"y":', ',"vy":', '},"score":{"player":', ',"ai":', '},"stressLevel":', '}}',
].map(ascii);
const gameStateBytes = createJsonBytes(1024);

/**
 * `game_state` is 60 frames a second per match: written as bytes into one reused buffer
 * (json-bytes.ts) instead of JSON.stringify — no string per frame or per number. The
 * bytes are exactly what JSON.stringify would produce (a property test checks that), and
 * valid only until the next `game_state` is encoded: the gateway sends them at once.
 */
export function encodeGameState(d: GameStateData): Uint8Array {
  const { ball: b, playerPaddle: p, aiPaddle: a, score: s } = d;
  const out = gameStateBytes;
  const k = gameStateKeys;
  out.reset();
  out.raw(k[0]); out.number(d.timestamp);
  out.raw(k[1]); out.number(b.x); out.raw(k[2]); out.number(b.y); out.raw(k[3]); out.number(b.vx); out.raw(k[4]); out.number(b.vy);
  out.raw(k[5]); out.number(p.y); out.raw(k[6]); out.number(p.vy);
  out.raw(k[7]); out.number(a.y); out.raw(k[8]); out.number(a.vy);
  out.raw(k[9]); out.number(s.player); out.raw(k[10]); out.number(s.ai);
  out.raw(k[11]); out.number(d.stressLevel); out.raw(k[12]);
  return out.done();
}

/** The `/pong/ws` wire codec: machines emit server events ready-made (`{type, data}`). */
export const pongCodec: WireCodec<PongClientMessage> = {
  decode: decodePong,
  encode: (event: BusEvent) => (event.type === 'game_state' ? encodeGameState(event.data as GameStateData) : JSON.stringify(event)),
  error: (code, message) =>
    JSON.stringify({ type: 'error', data: { code, message, recoverable: PONG_ERRORS[code as PongErrorCode]?.recoverable ?? true } }),
  codes: { validation: 'VALIDATION_ERROR', rateLimited: 'RATE_LIMIT_EXCEEDED' },
};

// ---- generated reference (npm run docs) ----

export const pongWire = {
  name: 'pong',
  title: 'Pong match',
  seed: '004',
  routes: ['/pong/ws'],
  envelope:
    'JSON text frames `{"type": <event name>, "data": {...}}` both ways, camelCase fields as the seed\'s Zod schemas. ' +
    'Errors are `{"type":"error","data":{"code","message","recoverable"}}`. Server events, the calibration maths, ' +
    'the AI model and the settings are in [docs/pong.md](../pong.md).',
  client: [Connect, StartCalibration, CalibrationSample, InputCommand, StartGame, PauseGame, Disconnect],
  server: pongServerEvents,
  errors: Object.fromEntries(Object.entries(PONG_ERRORS).map(([code, { meaning }]) => [code, meaning])),
};
