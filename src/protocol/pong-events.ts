/**
 * Server events of seed 004's `/pong/ws`, `{"type","data"}`, as the seed's Zod schemas
 * (test/pong/seed-schemas.ts holds them verbatim). The client SDK derives its event types
 * from these, and test/clients/pong.test.ts checks every frame of a real match against them.
 */
import * as t from 'io-ts';

const Num = t.number;
const event = <T extends string, D extends t.Mixed>(type: T, data: D) => t.type({ type: t.literal(type), data }, type);

export const CalibrationParams = t.type({
  baselineMean: Num, baselineStd: Num, thresholdLeft: Num, thresholdRight: Num, thresholdEnter: Num, thresholdExit: Num, quality: Num,
}, 'CalibrationParams');

export const pongServerEvents = [
  event('session_created', t.intersection([t.type({ sessionId: t.string, calibrationRequired: t.boolean }), t.partial({ calibrationParams: CalibrationParams })])),
  event('calibration_step', t.type({ step: t.keyof({ baseline: null, left: null, right: null }), trial: Num, instruction: t.string, durationMs: Num })),
  event('calibration_complete', t.type({
    params: CalibrationParams, quality: Num, status: t.keyof({ success: null, retry_suggested: null, failed: null }), message: t.string,
  })),
  event('game_state', t.type({
    timestamp: Num,
    ball: t.type({ x: Num, y: Num, vx: Num, vy: Num }),
    playerPaddle: t.type({ y: Num, vy: Num }),
    aiPaddle: t.type({ y: Num, vy: Num }),
    score: t.type({ player: Num, ai: Num }),
    stressLevel: Num,
  })),
  event('taunt_message', t.type({
    text: t.string, durationMs: Num,
    trigger: t.keyof({ player_miss: null, player_score: null, ai_score: null, long_rally: null, stress_spike: null, calm_streak: null }),
  })),
  event('game_over', t.type({ winner: t.keyof({ player: null, ai: null }), finalScore: t.type({ player: Num, ai: Num }) })),
  event('error', t.type({ code: t.string, message: t.string, recoverable: t.boolean })),
] as const;
