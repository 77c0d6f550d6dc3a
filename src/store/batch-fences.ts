import type { JournalBatch } from './store.js';

/**
 * The fences a commit must check, as `[address, fence]` pairs, each once, in address order.
 * A fixed order matters on PostgreSQL: each check locks the address's fence row until the
 * transaction ends, and two nodes committing overlapping batches must take those locks in
 * the same order or deadlock. Writes without a fence are not checked.
 */
export function batchFences(batch: JournalBatch): [address: string, fence: number][] {
  const pairs = new Map<string, [string, number]>();
  for (const { address, fence } of [...batch.snapshots, ...batch.appends]) {
    if (fence !== undefined) pairs.set(`${address}\u0000${fence}`, [address, fence]);
  }
  return [...pairs.values()].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x - y));
}
