/** A token bucket: `perSec` sustained, `burst` at once. */
export interface TokenBucket {
  tokens: number;
  last: number;
}

export function takeToken(bucket: TokenBucket, now: number, perSec: number, burst: number): boolean {
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.last) * perSec) / 1000);
  bucket.last = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

/** A route's limit: `perSec` frames sustained, `burst` at once. */
export interface RateLimit {
  perSec: number;
  burst: number;
}

/** One socket's rate state: its bucket, and the frames refused in the current one-second window. */
export interface RateState {
  bucket: TokenBucket;
  windowStart: number;
  refused: number;
}

/** What to do with a frame: handle it, refuse it with the family's rate-limit error, or close the socket. */
export const RateVerdict = { admit: 0, refuse: 1, close: 2 } as const;
export type RateVerdict = (typeof RateVerdict)[keyof typeof RateVerdict];

export const createRateState = (limit: RateLimit, now: number): RateState => ({
  bucket: { tokens: limit.burst, last: now },
  windowStart: 0,
  refused: 0,
});

/**
 * Take a token for one frame. A socket that keeps sending past its limit — more than
 * `closeAfter` refused frames within one second — is closed rather than answered forever.
 */
export function admitFrame(state: RateState, now: number, limit: RateLimit, closeAfter: number): RateVerdict {
  if (takeToken(state.bucket, now, limit.perSec, limit.burst)) return RateVerdict.admit;
  if (now - state.windowStart > 1000) {
    state.windowStart = now;
    state.refused = 0;
  }
  return ++state.refused > closeAfter ? RateVerdict.close : RateVerdict.refuse;
}
