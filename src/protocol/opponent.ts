/**
 * Wire codec of seed 004's `/opponent/ws`: flat, snake_case, as the seed's `game_event` /
 * `opponent_update` / `error` examples.
 */
import * as t from 'io-ts';
import type { WireCodec } from '../contract/index.js';
import { nonNegativeInt, Uuid } from './common.js';
import { checkedType, codecsByTag, decodeTagged, parseObject, type Decoded } from './decode.js';
import { OPPONENT_ERRORS } from '../../machines/pong/errors.js';
import { finite } from './pong.js';
import { opponentServerEvents } from './opponent-events.js';
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

/** The `/opponent/ws` wire codec: server events go out flat as built; errors are always recoverable. */
export const opponentCodec: WireCodec<GameEvent> = {
  decode: decodeOpponent,
  encode: (event) => JSON.stringify(event),
  error: (code, message) => JSON.stringify({ type: 'error', code, message, recoverable: true }),
  codes: { validation: 'INVALID_EVENT', rateLimited: 'RATE_LIMIT' },
};

// ---- generated reference (npm run docs) ----

export const opponentWire = {
  name: 'opponent',
  title: 'AI opponent',
  seed: '004',
  routes: ['/opponent/ws'],
  envelope:
    'Flat JSON text frames exactly as the seed\'s examples: `game_event` in, one `opponent_update` out per event; ' +
    'errors `{"type":"error","code","message","recoverable":true}`. See [docs/pong.md](../pong.md#opponentws).',
  client: [GameEvent],
  server: opponentServerEvents,
  errors: OPPONENT_ERRORS,
};
