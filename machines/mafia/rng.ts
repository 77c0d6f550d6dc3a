/**
 * mulberry32: a tiny seeded PRNG whose whole state is one 32-bit integer, so it lives
 * in machine context and survives snapshots. Same seed, same sequence.
 */
export function nextRandom(state: number): [value: number, state: number] {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
}

/** An integer in [0, n). */
export function nextInt(state: number, n: number): [value: number, state: number] {
  const [value, next] = nextRandom(state);
  return [Math.floor(value * n), next];
}

/** Fisher–Yates shuffle driven by the seeded generator. */
export function shuffle<T>(items: readonly T[], state: number): [items: T[], state: number] {
  const copy = [...items];
  let s = state;
  for (let i = copy.length - 1; i > 0; i--) {
    const [j, next] = nextInt(s, i + 1);
    s = next;
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return [copy, s];
}
