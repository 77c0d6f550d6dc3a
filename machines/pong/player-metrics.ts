/**
 * The player's state of mind, estimated from the signal stream (pure). Four
 * metrics in [0, 1] — stress, frustration, focus, alertness — from a few running
 * averages kept flat in the match context. See docs/pong.md, "Player metrics".
 */
import type { CalibrationParams } from './calibration.js';

export interface MetricState {
  /** EMA of |z|, the activation's distance from rest in baseline standard deviations. */
  zEma: number;
  /** EMA of "the direction changed" per signal (0..1). */
  switchEma: number;
  /** Frustration heat: rises on conceded points, falls on scored ones, decays with time. */
  heat: number;
  /** EMA of the player's returns: 1 per paddle hit, 0 per miss. */
  hitEma: number;
  /** Last direction the player held. */
  lastDir: number;
}

export interface PlayerMetrics {
  stress: number;
  frustration: number;
  focus: number;
  alertness: number;
}

export const initialMetricState = (): MetricState => ({ zEma: 0, switchEma: 0, heat: 0, hitEma: 0.5, lastDir: 0 });

const SIGNAL_ALPHA = 0.05;
/** |z| assumed for a directional command when no raw activation comes with it. */
const COMMAND_Z = 2;
/** Heat halves in about 14 s of play (time constant 20 s). */
const HEAT_TAU_SEC = 20;

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/** z-score of a raw activation against the calibrated baseline (0 when uncalibrated). */
export function zScore(params: CalibrationParams | null, raw: number): number {
  if (!params) return 0;
  return (raw - params.baselineMean) / Math.max(params.baselineStd, 1e-6);
}

/** One signal: a direction (-1, 0, 1) and, when known, the activation's z-score. */
export function onSignal(m: MetricState, dir: number, z: number | undefined): MetricState {
  const absZ = z === undefined ? (dir === 0 ? 0 : COMMAND_Z) : Math.abs(z);
  return {
    zEma: m.zEma + SIGNAL_ALPHA * (absZ - m.zEma),
    switchEma: m.switchEma + SIGNAL_ALPHA * ((dir !== m.lastDir ? 1 : 0) - m.switchEma),
    heat: m.heat,
    hitEma: m.hitEma,
    lastDir: dir,
  };
}

/** A rally event: the player returned the ball, missed it, or scored. */
export function onRally(m: MetricState, what: 'hit' | 'miss' | 'scored'): MetricState {
  const { zEma, switchEma, lastDir } = m;
  if (what === 'hit') return { zEma, switchEma, heat: m.heat, hitEma: 0.7 * m.hitEma + 0.3, lastDir };
  if (what === 'miss') return { zEma, switchEma, heat: clamp01(m.heat + 0.35), hitEma: 0.7 * m.hitEma, lastDir };
  return { zEma, switchEma, heat: Math.max(0, m.heat - 0.2), hitEma: m.hitEma, lastDir };
}

/** Heat decay over `dt` seconds (called once per tick, hence a multiplier). */
export const heatDecay = (dt: number) => Math.exp(-dt / HEAT_TAU_SEC);

/**
 * The metrics:
 * alertness = 1 − e^(−zEma/1.5); jitter = min(1, 4·switchEma);
 * frustration = 0.7·heat + 0.3·jitter; focus = 0.5·hitEma + 0.5·(1 − jitter);
 * stress = 0.45·alertness + 0.25·jitter + 0.3·frustration.
 */
export function metricsOf(m: MetricState): PlayerMetrics {
  const alertness = 1 - Math.exp(-m.zEma / 1.5);
  const jitter = Math.min(1, 4 * m.switchEma);
  const frustration = clamp01(0.7 * m.heat + 0.3 * jitter);
  const focus = clamp01(0.5 * m.hitEma + 0.5 * (1 - jitter));
  const stress = clamp01(0.45 * alertness + 0.25 * jitter + 0.3 * frustration);
  return { stress: r3(stress), frustration: r3(frustration), focus: r3(focus), alertness: r3(alertness) };
}

/** Stress alone (the 60 Hz path): same formula as metricsOf, without the object. */
export function stressOf(m: MetricState, heat = m.heat): number {
  const alertness = 1 - Math.exp(-m.zEma / 1.5);
  const jitter = Math.min(1, 4 * m.switchEma);
  const frustration = clamp01(0.7 * heat + 0.3 * jitter);
  return r3(clamp01(0.45 * alertness + 0.25 * jitter + 0.3 * frustration));
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
