/**
 * Server events of seed 004's `/opponent/ws`, flat as the seed's examples: one
 * `opponent_update` per `game_event`, and recoverable `error`s.
 */
import * as t from 'io-ts';

export const opponentServerEvents = [
  t.type({
    type: t.literal('opponent_update'),
    event_id: t.string,
    taunt_text: t.string,
    difficulty: t.type({ previous: t.number, model_target: t.number, final: t.number }),
    metrics: t.UnknownRecord,
    meta: t.type({ provider: t.string, latency_ms: t.number, metrics_age_ms: t.union([t.number, t.null]) }),
    timestamp_ms: t.number,
  }, 'opponent_update'),
  t.type({ type: t.literal('error'), code: t.string, message: t.string, recoverable: t.boolean }, 'error'),
] as const;
