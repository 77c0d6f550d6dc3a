import t from 'tap';
import {
  activation,
  addSample,
  computeParams,
  decodeDirection,
  emptyMoments,
  judgeCalibration,
  mean,
  pooledStd,
  std,
  type Moments,
} from '../../machines/pong/calibration.js';
import { nextRandom } from '../../machines/pong/prng.js';

/** n samples of a normal(mu, sigma) from a seeded PRNG (Box–Muller). */
function normal(n: number, mu: number, sigma: number, seed: number): Moments {
  let m = emptyMoments();
  let state = seed;
  for (let i = 0; i < n; i++) {
    const a = nextRandom(state);
    const b = nextRandom(a.state);
    state = b.state;
    const z = Math.sqrt(-2 * Math.log(1 - a.value)) * Math.cos(2 * Math.PI * b.value);
    m = addSample(m, mu + sigma * z);
  }
  return m;
}

const opts = { minQuality: 1, maxAttempts: 3, minSamples: 10 };

t.test('calibration: mean, sample std and pooled std match the textbook formulas', async (t) => {
  const m = [2, 4, 4, 4, 5, 5, 7, 9].reduce(addSample, emptyMoments());
  t.equal(mean(m), 5);
  t.ok(Math.abs(std(m) - Math.sqrt(32 / 7)) < 1e-12, 'n−1 standard deviation');
  const a = [1, 2, 3].reduce(addSample, emptyMoments()); // var 1
  const b = [2, 4, 6, 8].reduce(addSample, emptyMoments()); // var 20/3
  t.ok(Math.abs(pooledStd(a, b) - Math.sqrt((2 * 1 + 3 * (20 / 3)) / 5)) < 1e-12);
  t.equal(std(addSample(emptyMoments(), 3)), 0, 'one sample has no spread');
});

t.test('calibration: the activation is left minus right', async (t) => {
  t.equal(activation({ up: 9, down: 9, left: 0.8, right: 0.3 }), 0.5);
});

t.test('calibration: well separated synthetic signals give quality ≈ d and thresholds half-way to each intent', async (t) => {
  const baseline = normal(400, 0, 0.1, 1);
  const left = normal(400, 0.6, 0.2, 2);
  const right = normal(400, -0.6, 0.2, 3);
  const p = computeParams(baseline, left, right);
  t.ok(Math.abs(p.baselineMean) < 0.02, `baseline mean ${p.baselineMean}`);
  t.ok(Math.abs(p.baselineStd - 0.1) < 0.01, `baseline std ${p.baselineStd}`);
  t.ok(Math.abs(p.quality - 6) < 0.5, `quality ${p.quality} ≈ (0.6 − (−0.6)) / 0.2 = 6`);
  t.ok(Math.abs(p.thresholdLeft - 0.3) < 0.03 && Math.abs(p.thresholdRight + 0.3) < 0.03, 'thresholds at ±0.3');
  t.ok(p.thresholdEnter > 1 && p.thresholdExit < 1, 'hysteresis brackets the threshold');
  t.ok(Math.abs(p.thresholdEnter - 1 - 0.1 / 0.6) < 0.03, 'h = σ_B / reach');
  const outcome = judgeCalibration(baseline, left, right, 1, opts);
  t.equal(outcome.status, 'success');
  t.equal(outcome.quality, outcome.params.quality);
});

t.test('calibration: overlapping signals are retry_suggested, then failed on the last attempt', async (t) => {
  const baseline = normal(200, 0, 0.3, 4);
  const left = normal(200, 0.1, 0.3, 5);
  const right = normal(200, -0.05, 0.3, 6);
  const first = judgeCalibration(baseline, left, right, 1, opts);
  t.equal(first.status, 'retry_suggested');
  t.ok(first.quality < 1);
  t.match(first.message, /attempt 1 of 3/);
  t.equal(judgeCalibration(baseline, left, right, 3, opts).status, 'failed');
});

t.test('calibration: too few samples never succeed, and a reversed mapping has negative quality', async (t) => {
  const few = judgeCalibration(normal(5, 0, 0.1, 7), normal(5, 1, 0.1, 8), normal(5, -1, 0.1, 9), 1, opts);
  t.equal(few.status, 'retry_suggested');
  t.match(few.message, /too few samples/);
  const reversed = computeParams(normal(100, 0, 0.1, 10), normal(100, -0.5, 0.1, 11), normal(100, 0.5, 0.1, 12));
  t.ok(reversed.quality < 0);
  t.equal(judgeCalibration(normal(100, 0, 0.1, 10), normal(100, -0.5, 0.1, 11), normal(100, 0.5, 0.1, 12), 1, opts).status, 'retry_suggested');
});

t.test('calibration: flat signals do not divide by zero', async (t) => {
  const flat = [0, 0, 0].reduce(addSample, emptyMoments());
  const p = computeParams(flat, [1, 1, 1].reduce(addSample, emptyMoments()), [-1, -1, -1].reduce(addSample, emptyMoments()));
  t.ok(Number.isFinite(p.quality) && Number.isFinite(p.thresholdEnter));
});

t.test('calibration: the hysteresis decoder enters above thresholdEnter and holds until below thresholdExit', async (t) => {
  const p = { baselineMean: 0, baselineStd: 0.1, thresholdLeft: 0.3, thresholdRight: -0.3, thresholdEnter: 1.2, thresholdExit: 0.8, quality: 5 };
  t.equal(decodeDirection(p, 'NEUTRAL', 0.33), 'NEUTRAL', 'past the threshold but not past enter');
  t.equal(decodeDirection(p, 'NEUTRAL', 0.37), 'LEFT');
  t.equal(decodeDirection(p, 'LEFT', 0.26), 'LEFT', 'held between exit and enter');
  t.equal(decodeDirection(p, 'LEFT', 0.23), 'NEUTRAL', 'released below exit');
  t.equal(decodeDirection(p, 'NEUTRAL', -0.37), 'RIGHT');
  t.equal(decodeDirection(p, 'RIGHT', -0.25), 'RIGHT');
  t.equal(decodeDirection(p, 'RIGHT', 0.4), 'LEFT', 'a strong opposite signal switches sides');
});
