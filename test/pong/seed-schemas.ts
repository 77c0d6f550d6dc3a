/**
 * Seed 004's Zod schemas, copied verbatim from EVENT_CONTRACTS.md: the contract every
 * server event is validated against in these tests.
 */
import { z } from 'zod';

export const SessionCreatedEventSchema = z.object({
  sessionId: z.string().uuid(),
  calibrationRequired: z.boolean(),
  calibrationParams: z.object({
    baselineMean: z.number(),
    baselineStd: z.number(),
    thresholdLeft: z.number(),
    thresholdRight: z.number(),
    thresholdEnter: z.number(),
    thresholdExit: z.number(),
    quality: z.number(),
  }).optional(),
});

export const CalibrationStepEventSchema = z.object({
  step: z.enum(['baseline', 'left', 'right']),
  trial: z.number(),
  instruction: z.string(),
  durationMs: z.number(),
});

export const CalibrationCompleteEventSchema = z.object({
  params: z.object({
    baselineMean: z.number(),
    baselineStd: z.number(),
    thresholdLeft: z.number(),
    thresholdRight: z.number(),
    thresholdEnter: z.number(),
    thresholdExit: z.number(),
    quality: z.number(),
  }),
  quality: z.number(),
  status: z.enum(['success', 'retry_suggested', 'failed']),
  message: z.string(),
});

export const GameStateEventSchema = z.object({
  timestamp: z.number(),
  ball: z.object({ x: z.number(), y: z.number(), vx: z.number(), vy: z.number() }),
  playerPaddle: z.object({ y: z.number(), vy: z.number() }),
  aiPaddle: z.object({ y: z.number(), vy: z.number() }),
  score: z.object({ player: z.number(), ai: z.number() }),
  stressLevel: z.number(),
});

export const TauntMessageEventSchema = z.object({
  text: z.string(),
  durationMs: z.number(),
  trigger: z.enum(['player_miss', 'player_score', 'ai_score', 'long_rally', 'stress_spike', 'calm_streak']),
});

export const GameOverEventSchema = z.object({
  winner: z.enum(['player', 'ai']),
  finalScore: z.object({ player: z.number(), ai: z.number() }),
});

export const ErrorEventSchema = z.object({
  code: z.string(),
  message: z.string(),
  recoverable: z.boolean(),
});

export const ServerEventSchemas: Record<string, z.ZodTypeAny> = {
  session_created: SessionCreatedEventSchema,
  calibration_step: CalibrationStepEventSchema,
  calibration_complete: CalibrationCompleteEventSchema,
  game_state: GameStateEventSchema,
  taunt_message: TauntMessageEventSchema,
  game_over: GameOverEventSchema,
  error: ErrorEventSchema,
};

/** Validate one `/pong/ws` frame: a known server event name whose data passes the seed's schema. */
export function validateServerFrame(frame: unknown): string | null {
  if (typeof frame !== 'object' || frame === null) return 'frame is not an object';
  const { type, data } = frame as { type?: unknown; data?: unknown };
  const schema = typeof type === 'string' ? ServerEventSchemas[type] : undefined;
  if (!schema) return `unknown server event ${String(type)}`;
  const parsed = schema.safeParse(data);
  return parsed.success ? null : `${type}: ${parsed.error.message}`;
}
