import { takeToken, type TokenBucket } from './rate-limiter.js';

/**
 * A per-client limit on creating things (channels, tables, games, syncs, matches): a token
 * bucket per client key (the user id, or the remote address when the caller is anonymous),
 * `perMin` sustained and `burst` at once. One instance per session type, so creating tables
 * does not use up a client's channels.
 */
export interface CreationLimit {
  /** Take one creation for `client`: 0 when allowed, else the seconds until the next one is. */
  take(client: string): number;
}

/** Buckets kept before full ones (clients that stopped creating) are forgotten. */
const SWEEP_AT = 10_000;

export function createCreationLimit(options: { perMin: number; burst: number; now?: () => number }): CreationLimit {
  const perSec = options.perMin / 60;
  const burst = Math.max(1, options.burst);
  const now = options.now ?? Date.now;
  const buckets = new Map<string, TokenBucket>();

  function sweep(at: number) {
    for (const [client, bucket] of buckets) {
      if (bucket.tokens + ((at - bucket.last) * perSec) / 1000 >= burst) buckets.delete(client);
    }
  }

  return {
    take(client) {
      const at = now();
      let bucket = buckets.get(client);
      if (!bucket) {
        if (buckets.size >= SWEEP_AT) sweep(at);
        bucket = { tokens: burst, last: at };
        buckets.set(client, bucket);
      }
      if (takeToken(bucket, at, perSec, burst)) return 0;
      return perSec > 0 ? Math.max(1, Math.ceil((1 - bucket.tokens) / perSec)) : 60;
    },
  };
}
