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
