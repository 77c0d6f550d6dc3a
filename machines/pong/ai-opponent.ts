/**
 * The AI opponent model (pure). One number, difficulty d ∈ [0, 1], sets how the AI
 * paddle plays; the difficulty adapts to the player's metrics and the score.
 * See docs/pong.md, "AI opponent".
 */
import type { PlayerMetrics } from './player-metrics.js';

export interface AiSkill {
  /** How long the AI takes to re-read the ball, ms. */
  reactionMs: number;
  /** Top paddle speed, px/s. */
  maxSpeed: number;
  /** Largest aiming error at each re-read, px (uniform in ±aimErrorPx). */
  aimErrorPx: number;
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
export const clampDifficulty = (d: number) => clamp(d, 0, 1);

/** reaction 320 → 60 ms, speed 220 → 700 px/s, aim error 90 → 6 px as d goes 0 → 1. */
export function skillOf(d: number): AiSkill {
  const x = clampDifficulty(d);
  return { reactionMs: 320 - 260 * x, maxSpeed: 220 + 480 * x, aimErrorPx: 6 + 84 * (1 - x) };
}

/** Largest change of difficulty per update: the AI never swings from easy to hard at once. */
export const MAX_DIFFICULTY_STEP = 0.15;

/**
 * Where the model wants the difficulty: harder when the player leads or is focused,
 * easier when the player is frustrated or stressed.
 * target = 0.5 + 0.1·(player − ai) + 0.25·(focus − 0.5) − 0.35·(frustration − 0.5) − 0.2·(stress − 0.5),
 * clamped to [0.05, 0.95].
 */
export function modelTarget(metrics: PlayerMetrics, score: { player: number; ai: number }): number {
  const lead = clamp(score.player - score.ai, -5, 5);
  const raw =
    0.5 + 0.1 * lead + 0.25 * (metrics.focus - 0.5) - 0.35 * (metrics.frustration - 0.5) - 0.2 * (metrics.stress - 0.5);
  return round(clamp(raw, 0.05, 0.95));
}

/** The applied difficulty: move from `previous` toward `target` by at most MAX_DIFFICULTY_STEP. */
export function nextDifficulty(previous: number, target: number): number {
  const p = clampDifficulty(previous);
  return round(p + clamp(target - p, -MAX_DIFFICULTY_STEP, MAX_DIFFICULTY_STEP));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
