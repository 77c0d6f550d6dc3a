/**
 * Calibration maths (pure). The control signal is the lateralised activation
 * a = signals.left − signals.right of each `calibration_sample`. Baseline trials give
 * its resting distribution, "left" trials its left-intent distribution, "right" trials
 * its right-intent one. See docs/pong.md, "Calibration maths".
 */

/** Running sums of one class of samples (Welford-free: n, Σa, Σa² are enough here and stay JSON). */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

export const emptyMoments = (): Moments => ({ n: 0, sum: 0, sumSq: 0 });

export function addSample(m: Moments, a: number): Moments {
  return { n: m.n + 1, sum: m.sum + a, sumSq: m.sumSq + a * a };
}

export const mean = (m: Moments) => (m.n === 0 ? 0 : m.sum / m.n);

/** Sample standard deviation (n − 1); 0 with fewer than 2 samples. */
export function std(m: Moments): number {
  if (m.n < 2) return 0;
  const variance = (m.sumSq - (m.sum * m.sum) / m.n) / (m.n - 1);
  return Math.sqrt(Math.max(0, variance));
}

/** The four channels of a sample. */
export interface Signals {
  up: number;
  down: number;
  left: number;
  right: number;
}

/** The lateralised activation the decoder works on. */
export const activation = (s: Signals) => s.left - s.right;

export interface CalibrationParams {
  baselineMean: number;
  baselineStd: number;
  thresholdLeft: number;
  thresholdRight: number;
  thresholdEnter: number;
  thresholdExit: number;
  quality: number;
}

export type CalibrationStatus = 'success' | 'retry_suggested' | 'failed';

export interface CalibrationOutcome {
  params: CalibrationParams;
  quality: number;
  status: CalibrationStatus;
  message: string;
}

/** Guards against a zero spread (a flat synthetic signal) turning into ±Infinity. */
const EPSILON = 1e-6;

/**
 * Pooled standard deviation of two classes:
 * s_p = √(((n_L − 1)·s_L² + (n_R − 1)·s_R²) / (n_L + n_R − 2)).
 */
export function pooledStd(left: Moments, right: Moments): number {
  const dof = left.n + right.n - 2;
  if (dof <= 0) return 0;
  const sl = std(left);
  const sr = std(right);
  return Math.sqrt(((left.n - 1) * sl * sl + (right.n - 1) * sr * sr) / dof);
}

/**
 * Compute the decoder parameters.
 * - quality = (μ_L − μ_R) / s_p (a separation score, Cohen's d; negative when reversed).
 * - thresholdLeft = (μ_B + μ_L) / 2 and thresholdRight = (μ_B + μ_R) / 2: half-way from rest to each intent.
 * - Hysteresis, in units of the normalised drive d (d = 1 exactly at a threshold):
 *   h = clamp(σ_B / min(μ_L − μ_B, μ_B − μ_R), 0.05, 0.5), thresholdEnter = 1 + h, thresholdExit = 1 − h.
 */
export function computeParams(baseline: Moments, left: Moments, right: Moments): CalibrationParams {
  const baselineMean = mean(baseline);
  const baselineStd = std(baseline);
  const muL = mean(left);
  const muR = mean(right);
  const quality = (muL - muR) / Math.max(pooledStd(left, right), EPSILON);
  const reach = Math.min(muL - baselineMean, baselineMean - muR);
  const h = reach > EPSILON ? Math.min(0.5, Math.max(0.05, baselineStd / reach)) : 0.5;
  return {
    baselineMean,
    baselineStd,
    thresholdLeft: (baselineMean + muL) / 2,
    thresholdRight: (baselineMean + muR) / 2,
    thresholdEnter: 1 + h,
    thresholdExit: 1 - h,
    quality: round(quality),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export interface JudgeOptions {
  /** Quality at or above which calibration succeeds. */
  minQuality: number;
  /** Attempts after which a low quality fails for good. */
  maxAttempts: number;
  /** Fewest samples per class for a meaningful estimate. */
  minSamples: number;
}

/** Turn the sample moments of attempt number `attempt` (1-based) into the seed's `calibration_complete`. */
export function judgeCalibration(
  baseline: Moments,
  left: Moments,
  right: Moments,
  attempt: number,
  { minQuality, maxAttempts, minSamples }: JudgeOptions,
): CalibrationOutcome {
  const params = computeParams(baseline, left, right);
  const enough = baseline.n >= minSamples && left.n >= minSamples && right.n >= minSamples;
  const quality = enough ? params.quality : 0;
  if (enough && quality >= minQuality) {
    return { params, quality, status: 'success', message: `Calibration succeeded (separation ${quality.toFixed(2)}).` };
  }
  const why = enough
    ? `separation ${quality.toFixed(2)} is below ${minQuality}`
    : `too few samples (need ${minSamples} per step; got baseline ${baseline.n}, left ${left.n}, right ${right.n})`;
  if (attempt >= maxAttempts) {
    return { params: { ...params, quality }, quality, status: 'failed', message: `Calibration failed after ${attempt} attempts: ${why}.` };
  }
  return {
    params: { ...params, quality },
    quality,
    status: 'retry_suggested',
    message: `Calibration attempt ${attempt} of ${maxAttempts}: ${why}. Relax, then send start_calibration to retry.`,
  };
}

/**
 * The hysteresis decoder: from the current direction and an activation, the next
 * direction. A direction is entered when the drive d ≥ thresholdEnter and held until
 * d < thresholdExit, so noise around a threshold does not flicker the paddle.
 */
export function decodeDirection(params: CalibrationParams, current: 'LEFT' | 'RIGHT' | 'NEUTRAL', a: number): 'LEFT' | 'RIGHT' | 'NEUTRAL' {
  const { baselineMean: mu, thresholdLeft, thresholdRight, thresholdEnter, thresholdExit } = params;
  const dLeft = (a - mu) / Math.max(thresholdLeft - mu, EPSILON);
  const dRight = (mu - a) / Math.max(mu - thresholdRight, EPSILON);
  if (current === 'LEFT' && dLeft >= thresholdExit) return 'LEFT';
  if (current === 'RIGHT' && dRight >= thresholdExit) return 'RIGHT';
  if (dLeft >= thresholdEnter) return 'LEFT';
  if (dRight >= thresholdEnter) return 'RIGHT';
  return 'NEUTRAL';
}
