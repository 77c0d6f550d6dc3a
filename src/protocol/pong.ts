/**
 * Wire codecs of seed 004. `/pong/ws`: `{"type": <event name>, "data": {...}}` both ways,
 * camelCase fields as the seed's Zod schemas. `/opponent/ws`: flat, snake_case, as the
 * seed's `game_event` / `opponent_update` / `error` examples.
 */
import * as t from 'io-ts';
import { Uuid } from './common.js';
import { checkedType, codecsByTag, decodeTagged, parseObject, type Decoded } from './decode.js';
import { OPPONENT_ERRORS, PONG_ERRORS } from '../../machines/pong/errors.js';

const finite = checkedType('number', (u): u is number => typeof u === 'number' && Number.isFinite(u));
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
  const parsed = parseObject(text);
  return parsed.ok ? decodeTagged(parsed.value, pongCodecs) : parsed;
}

// ---- /opponent/ws ----

const nonNegativeInt = checkedType('non-negative integer', (u): u is number => Number.isInteger(u) && (u as number) >= 0);
const unit = checkedType('number in [0, 1]', (u): u is number => typeof u === 'number' && u >= 0 && u <= 1);
const shortString = checkedType('string(1..128)', (u): u is string => typeof u === 'string' && u.length > 0 && u.length <= 128);

export const GameEvent = t.intersection([
  t.type({
    type: t.literal('game_event'),
    event_id: shortString,
    game_mode: shortString,
    event: shortString,
    score: t.type({ player: nonNegativeInt, ai: nonNegativeInt }),
    current_difficulty: unit,
    timestamp_ms: finite,
  }),
  t.partial({
    event_context: t.UnknownRecord,
    /** Extension: the `/pong/ws` sessionId whose live metrics to use (also `?session_id=` on the socket URL). */
    session_id: Uuid,
  }),
]);
export type GameEvent = t.TypeOf<typeof GameEvent>;

const opponentCodecs = codecsByTag<t.Mixed>([GameEvent]);

export function decodeOpponent(text: string): Decoded<GameEvent> {
  const parsed = parseObject(text);
  return parsed.ok ? decodeTagged(parsed.value, opponentCodecs) : parsed;
}

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
  server: [],
  errors: Object.fromEntries(Object.entries(PONG_ERRORS).map(([code, { meaning }]) => [code, meaning])),
};

export const opponentWire = {
  name: 'opponent',
  title: 'AI opponent',
  seed: '004',
  routes: ['/opponent/ws'],
  envelope:
    'Flat JSON text frames exactly as the seed\'s examples: `game_event` in, one `opponent_update` out per event; ' +
    'errors `{"type":"error","code","message","recoverable":true}`. See [docs/pong.md](../pong.md#opponentws).',
  client: [GameEvent],
  server: [],
  errors: OPPONENT_ERRORS,
};
