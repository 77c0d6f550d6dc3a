import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { KV, KvEntry } from '@nats-io/kv';
import { addressOfLeaseKey, leaseKeyOf } from './lease-key.js';

/** Monotonic milliseconds and timers; xstate's `SimulatedClock` fits, so tests move time by hand. */
export interface LeaseClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** A lease this node holds. */
export interface Lease {
  readonly address: string;
  /**
   * The fence token: the KV revision at which this node took the lease. KV revisions are
   * stream sequences, so a later owner's fence is always greater; hand it to every store
   * write of the actor (`SnapshotWrite.fence`, `JournalAppend.fence`, `recover(address, fence)`).
   */
  readonly fence: number;
}

/**
 * What `claim` answers: the lease, or the node that holds it (undefined: the key changed
 * hands while the claim was being refused, try again). The owner can be this node itself
 * while a lease it lost has not lapsed yet.
 */
export type Claim = { held: true; lease: Lease } | { held: false; owner: string | undefined };

/** An address changed hands as this node sees it: `owner` undefined means free (released, or lapsed and not taken yet). */
export interface LeaseChange {
  address: string;
  owner: string | undefined;
  reason: 'claimed' | 'released' | 'lapsed';
  /** For `claimed`: the node that held the key before (its lease lapsed, or was taken over), if this node saw one. */
  previous?: string;
}

/** Why this node lost a lease it held. */
export type LeaseLoss = 'expired' | 'taken';

/** What a lease's KV value holds: who owns it, for how long it promises to (its holder's wall clock, for operators), and its lease time. */
interface LeaseValue {
  node: string;
  leaseMs: number;
  expiresAt: number;
}

/** The latest value of a key this node has seen, and when (its own clock) it first saw that revision. */
interface Seen {
  node: string;
  revision: number;
  leaseMs: number;
  observedAt: number;
  lapsed: boolean;
}

interface Held {
  address: string;
  key: string;
  fence: number;
  revision: number;
  /** Past this (own clock) the lease counts as lost, renewed or not. */
  validUntil: number;
  renewing: Promise<void> | undefined;
}

export interface LeaseTableOptions {
  /** The lease bucket (`openLeaseBucket`). */
  kv: KV;
  /** This node's id: unique per process (a restarted process MUST NOT reuse one whose leases may still stand). */
  node: string;
  /** `CLUSTER_LEASE_MS` */
  leaseMs: number;
  /** `CLUSTER_LEASE_RENEW_MS` */
  renewMs: number;
  clock?: LeaseClock;
  /** Renew on the clock's timers (default). Tests pass false and call `sweep()`. */
  autoRenew?: boolean;
  /** Told when a background step fails (a renewal while NATS is away); the table goes on. */
  onError?: (error: unknown) => void;
}

/**
 * A holder counts its lease as ending this fraction of the lease time after it *sent* the
 * renewal; an observer counts it from when it first *saw* that revision, which is later.
 * The 10% allow for clock-rate drift and a late timer; fencing covers whatever is left.
 */
const HOLDER_SHARE = 0.9;

const monotonic: LeaseClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (id) => clearTimeout(id as NodeJS.Timeout),
};

const refused = (error: unknown) =>
  error instanceof JetStreamApiError &&
  (error.code === JetStreamApiCodes.StreamWrongLastSequence || error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

/**
 * Actor-ownership leases of one node, on a JetStream KV bucket: an actor runs only on the
 * node that holds its address's lease. `claim` takes a free address with `create` (refused
 * when the key exists) or a lapsed one with `update` on the revision it saw (refused when
 * anyone wrote since), so of two nodes racing for one address exactly one wins. Held leases
 * are renewed every `renewMs` with `update` on their revision; a refused renewal (another
 * node took it) or one that did not get through before the lease time ran out (NATS away,
 * this process paused) loses the lease, and `onLost` listeners MUST deactivate the actor at
 * once. `release` hands an address back (graceful hand-off): others may claim it at once.
 *
 * Expiry without per-key TTL (nats-server 2.9): a value names its owner and lease time, and
 * each node judges lapse on its own monotonic clock from the moment it first saw that
 * revision (the bucket watch), never by comparing another node's wall clock, so clock skew
 * between nodes cannot make anyone take over early; the holder's own deadline is counted
 * from before it sent the renewal, so it gives up first. `ownerOf` answers from the local
 * map the watch keeps, with no KV round trip; `onChange` reports claims, releases and lapses.
 *
 * @example
 * const leases = await createLeaseTable({ kv: await openLeaseBucket(nc, { leaseMs }), node: 'n1', leaseMs, renewMs });
 * leases.onLost((address) => void host.deactivate(address));
 * const claim = await leases.claim('poker/t-1');
 * if (claim.held) activate('poker/t-1', claim.lease.fence); else forward(claim.owner);
 */
export async function createLeaseTable(options: LeaseTableOptions) {
  const { kv, node, leaseMs, renewMs, clock = monotonic, onError = () => {} } = options;
  if (renewMs * 2 > leaseMs) throw new Error(`lease: renewMs (${renewMs}) must be at most half of leaseMs (${leaseMs})`);
  const seen = new Map<string, Seen>();
  const held = new Map<string, Held>();
  /** Claims in flight, so two callers of one address on this node share one answer. */
  const claiming = new Map<string, Promise<Claim>>();
  const changeListeners = new Set<(change: LeaseChange) => void>();
  const lostListeners = new Set<(address: string, why: LeaseLoss) => void>();
  let timer: unknown;
  let closed = false;

  const encode = () => JSON.stringify({ node, leaseMs, expiresAt: Date.now() + leaseMs } satisfies LeaseValue);
  const lapsed = (entry: Seen, now = clock.now()) => entry.lapsed || now - entry.observedAt >= entry.leaseMs;
  const valid = (lease: Held, now = clock.now()) => now < lease.validUntil;
  const report = (change: LeaseChange) => {
    for (const listener of changeListeners) listener(change);
  };

  function lose(lease: Held, why: LeaseLoss) {
    if (held.get(lease.address) !== lease) return;
    held.delete(lease.address);
    // Give the key back if nobody took it yet (a renewal that could not get through): the
    // next owner need not wait out the lease. Refused harmlessly when someone did.
    if (why === 'expired') void kv.delete(lease.key, { previousSeq: lease.revision }).catch(() => {});
    for (const listener of lostListeners) listener(lease.address, why);
  }

  /** Fold a key's latest value into the map: from the watch, or from this node's own writes and reads. */
  function observe(address: string, revision: number, value: LeaseValue | undefined) {
    const before = seen.get(address);
    if (before && before.revision >= revision) return;
    const lease = held.get(address);
    if (lease && lease.revision < revision && value?.node !== node) lose(lease, 'taken');
    if (value === undefined) {
      seen.delete(address);
      if (before && !before.lapsed) report({ address, owner: undefined, reason: 'released' });
      return;
    }
    // A value without a usable lease time (written by hand) lapses after this node's own.
    const promised = Number.isFinite(value.leaseMs) && value.leaseMs > 0 ? value.leaseMs : leaseMs;
    seen.set(address, { node: String(value.node), revision, leaseMs: promised, observedAt: clock.now(), lapsed: false });
    if (!before || before.node !== value.node || before.lapsed) report({ address, owner: value.node, reason: 'claimed', ...(before && { previous: before.node }) });
  }

  function observeEntry(entry: KvEntry) {
    const address = addressOfLeaseKey(entry.key);
    if (entry.operation !== 'PUT') return observe(address, entry.revision, undefined);
    let value: LeaseValue;
    try {
      value = entry.json<LeaseValue>();
    } catch (error) {
      return onError(error);
    }
    observe(address, entry.revision, value);
  }

  // The watch replays every key's last value, then follows. The ordered consumer behind it
  // resumes by itself after a reconnect; while NATS is away nothing arrives and foreign
  // leases lapse here, which is safe: taking one over needs NATS too.
  const watcher = await kv.watch({ key: '>' });
  const following = (async () => {
    for await (const entry of watcher) observeEntry(entry);
  })().catch((error) => {
    if (!closed) onError(error);
  });

  async function take(address: string): Promise<Claim> {
    const key = leaseKeyOf(address);
    const before = seen.get(address);
    const sentAt = clock.now();
    let revision: number;
    try {
      revision = before === undefined ? await kv.create(key, encode()) : await kv.update(key, encode(), before.revision);
    } catch (error) {
      if (!refused(error)) throw error;
      // Someone wrote the key since this node last saw it: learn who.
      const entry = await kv.get(key);
      if (entry) observeEntry(entry);
      const now = seen.get(address);
      return { held: false, owner: now && !lapsed(now) ? now.node : undefined };
    }
    const lease: Held = { address, key, fence: revision, revision, validUntil: sentAt + leaseMs * HOLDER_SHARE, renewing: undefined };
    held.set(address, lease);
    observe(address, revision, { node, leaseMs, expiresAt: 0 });
    return { held: true, lease: { address, fence: revision } };
  }

  async function renew(lease: Held): Promise<void> {
    const sentAt = clock.now();
    try {
      // Given up after one renewal interval, so a request lost to a hung connection does not
      // hold back the next attempt until the lease has run out.
      const revision = await kv.update(lease.key, encode(), lease.revision, renewMs);
      if (held.get(lease.address) !== lease) {
        // It went through after this node had given the lease up: hand it back at once.
        await kv.delete(lease.key, { previousSeq: revision }).catch(() => {});
        return;
      }
      lease.revision = revision;
      lease.validUntil = sentAt + leaseMs * HOLDER_SHARE;
      observe(lease.address, revision, { node, leaseMs, expiresAt: 0 });
    } catch (error) {
      if (refused(error)) lose(lease, 'taken');
      // Otherwise NATS did not answer: the next sweep tries again; the deadline decides.
      else onError(error);
    }
  }

  /** Hand a held lease back (graceful hand-off): the key is deleted on its revision, so others may claim it at once. */
  async function release(address: string): Promise<void> {
    const lease = held.get(address);
    if (!lease) return;
    held.delete(address);
    // A renewal in flight that still lands deletes the key itself (see `renew`).
    await lease.renewing;
    try {
      await kv.delete(lease.key, { previousSeq: lease.revision });
    } catch (error) {
      // Taken or renewed meanwhile: nothing more of ours to give back.
      if (!refused(error)) throw error;
      return;
    }
    // Free here at once, without waiting for the watch to bring the delete back.
    const entry = seen.get(address);
    if (entry && entry.revision === lease.revision) {
      seen.delete(address);
      report({ address, owner: undefined, reason: 'released' });
    }
  }

  /**
   * One round: leases past their deadline are lost, foreign leases past their lease time
   * lapse (reported), and every held lease without a renewal in flight is renewed. Resolves
   * when the renewals it sent have been answered.
   */
  async function sweep(): Promise<void> {
    const now = clock.now();
    for (const lease of [...held.values()]) if (!valid(lease, now)) lose(lease, 'expired');
    for (const [address, entry] of seen) {
      if (entry.lapsed || held.has(address) || !lapsed(entry, now)) continue;
      entry.lapsed = true;
      report({ address, owner: undefined, reason: 'lapsed' });
    }
    const renewals: Promise<void>[] = [];
    for (const lease of held.values()) {
      if (lease.renewing) continue;
      const renewing = renew(lease).finally(() => {
        lease.renewing = undefined;
      });
      lease.renewing = renewing;
      renewals.push(renewing);
    }
    await Promise.all(renewals);
  }

  /** Renew every `renewMs`, or sooner when a lease whose renewals fail is about to run out. */
  function arm() {
    if (closed || options.autoRenew === false) return;
    let wait = renewMs;
    const now = clock.now();
    for (const lease of held.values()) wait = Math.min(wait, Math.max(0, lease.validUntil - now));
    timer = clock.setTimeout(() => {
      void sweep().catch(onError);
      arm();
    }, wait);
  }
  arm();

  return {
    node,
    /**
     * Take the lease of `address` for this node, or learn who holds it. Held already: the
     * same lease. Held by another node and not lapsed: answered from the map, no round trip.
     * Rejects only when NATS cannot be reached.
     */
    async claim(address: string): Promise<Claim> {
      if (closed) throw new Error('lease: the table is closed');
      const mine = held.get(address);
      if (mine && valid(mine)) return { held: true, lease: { address, fence: mine.fence } };
      const entry = seen.get(address);
      if (entry && !lapsed(entry)) return { held: false, owner: entry.node };
      const inFlight = claiming.get(address);
      if (inFlight) return inFlight;
      const claim = (async () => {
        // A key can change between the refusal and the read that explains it (released just
        // then): a few more tries, each on what was just read.
        for (let attempt = 0; ; attempt++) {
          const now = seen.get(address);
          if (now && !lapsed(now)) return { held: false, owner: now.node } as const;
          const answer = await take(address);
          if (answer.held || answer.owner !== undefined || attempt === 2) return answer;
        }
      })().finally(() => claiming.delete(address));
      claiming.set(address, claim);
      return claim;
    },
    release,
    /**
     * The node holding `address` as this node sees it (its watch, no round trip), or
     * undefined when it is free or lapsed. It can name this node for up to a lease time
     * after this node lost the lease (the key still names it): whether this node may run the
     * actor is `fenceOf`, never `ownerOf`.
     */
    ownerOf(address: string): string | undefined {
      const lease = held.get(address);
      if (lease && valid(lease)) return node;
      const entry = seen.get(address);
      return entry && !lapsed(entry) ? entry.node : undefined;
    },
    /** What this node's map holds for `address` (its watch and its own writes): for `/healthz` and tests. */
    entryOf(address: string): { node: string; revision: number; lapsed: boolean } | undefined {
      const entry = seen.get(address);
      return entry && { node: entry.node, revision: entry.revision, lapsed: lapsed(entry) };
    },
    /** This node's fence for `address` while it holds the lease, else undefined. */
    fenceOf(address: string): number | undefined {
      const lease = held.get(address);
      return lease && valid(lease) ? lease.fence : undefined;
    },
    /** The addresses this node holds now. */
    held: (): string[] => [...held.values()].filter((lease) => valid(lease)).map((lease) => lease.address),
    onChange(listener: (change: LeaseChange) => void): () => void {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    /** A lease this node held is gone: the actor MUST stop at once (its writes are refused by their fence from now on). */
    onLost(listener: (address: string, why: LeaseLoss) => void): () => void {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },
    sweep,
    /** Stop renewing and watching. With `release` (graceful shutdown), every held lease is handed back first. */
    async close(opts: { release?: boolean } = {}): Promise<void> {
      if (closed) return;
      if (opts.release) await Promise.allSettled([...held.keys()].map(release));
      closed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      held.clear();
      watcher.stop();
      await following;
    },
  };
}

export type LeaseTable = Awaited<ReturnType<typeof createLeaseTable>>;
