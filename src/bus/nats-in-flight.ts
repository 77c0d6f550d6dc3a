/** A message this node forwarded to another node's mailbox, not yet confirmed received there. */
export interface Forwarded<P> {
  seq: number;
  owner: string;
  address: string;
  pending: P;
  at: number;
}

/** A forward is probed for once it waited this long for its receipt (a live owner confirms within a few ms). */
const PROBE_AFTER_MS = 250;
/** A probe nobody answered (NATS away, the owner frozen) is sent again after this. */
const PROBE_AGAIN_MS = 1_000;
/** What no receipt, bounce or probe settled in this long is forgotten (its fate cannot be known: it is not sent twice). */
const FORGET_AFTER_MS = 60_000;

/**
 * The forwards in flight from this node, by sequence number, until their owner confirms it received them (an empty
 * message on the reply subject of the last of them in each read, sent before it handles them) or the server bounces
 * one (503: no mailbox any more).
 *
 * Why: a node killed a moment ago may still have its mailbox subscription on the server, which then hands a
 * forward to the dead connection and bounces nothing. What a live owner received is confirmed, so what was not
 * confirmed when the server first bounces anything for that owner was never handled there, and is sent again.
 * A forward still unconfirmed after `PROBE_AFTER_MS` makes the sender probe its owner (an empty message on the
 * same subject, so it arrives after them): the probe's bounce settles them the same way.
 */
export function createInFlight<P>() {
  /** Per owner, in sequence order (so a receipt settles a prefix, and one frozen owner's backlog is not scanned for the others). */
  const byOwner = new Map<string, Map<number, Forwarded<P>>>();
  const ownerOf = new Map<number, string>();
  /** One probe per owner at a time: its sequence number and when it went. */
  const probes = new Map<string, { seq: number; at: number }>();

  /** Every forward to `owner` up to `seq`, in order, taken out. */
  function takeUpTo(owner: string, seq: number): Forwarded<P>[] {
    const taken: Forwarded<P>[] = [];
    const mine = byOwner.get(owner);
    if (!mine) return taken;
    for (const [s, forwarded] of mine) {
      if (s > seq) break;
      mine.delete(s);
      ownerOf.delete(s);
      taken.push(forwarded);
    }
    if (mine.size === 0) byOwner.delete(owner);
    return taken;
  }

  /** Whose forward or probe `seq` was; a probe is over once answered. */
  function settle(seq: number): string | undefined {
    const owner = ownerOf.get(seq);
    if (owner === undefined) return undefined;
    if (probes.get(owner)?.seq === seq) {
      probes.delete(owner);
      ownerOf.delete(seq);
    }
    return owner;
  }

  return {
    add(forwarded: Forwarded<P>) {
      let mine = byOwner.get(forwarded.owner);
      if (!mine) byOwner.set(forwarded.owner, (mine = new Map()));
      mine.set(forwarded.seq, forwarded);
      ownerOf.set(forwarded.seq, forwarded.owner);
    },
    probe(owner: string, seq: number, now: number) {
      const previous = probes.get(owner);
      if (previous) ownerOf.delete(previous.seq);
      probes.set(owner, { seq, at: now });
      ownerOf.set(seq, owner);
    },
    /**
     * The owner confirmed everything up to `seq` (it answers the last of what one read brought). What went to it
     * before and is not confirmed was lost with a connection of the owner's (NATS keeps order) or received with its
     * receipt lost: it is not sent twice.
     */
    received(seq: number) {
      const owner = settle(seq);
      if (owner !== undefined) takeUpTo(owner, seq);
    },
    /** The server bounced `seq`: its owner has no mailbox now. Returns that owner and what it never confirmed up to `seq`, in order. */
    bounced(seq: number): { owner: string; lost: Forwarded<P>[] } | undefined {
      const owner = settle(seq);
      if (owner === undefined) return undefined;
      return { owner, lost: takeUpTo(owner, seq) };
    },
    /** Owners with a forward unconfirmed for too long and no probe outstanding; forgets what waited far too long. */
    overdue(now: number): string[] {
      const owners: string[] = [];
      for (const [owner, probe] of probes) {
        if (now - probe.at <= FORGET_AFTER_MS) continue;
        probes.delete(owner);
        ownerOf.delete(probe.seq);
      }
      for (const [owner, mine] of byOwner) {
        for (const [seq, forwarded] of mine) {
          if (now - forwarded.at <= FORGET_AFTER_MS) break;
          mine.delete(seq);
          ownerOf.delete(seq);
        }
        if (mine.size === 0) {
          byOwner.delete(owner);
          continue;
        }
        const oldest = mine.values().next().value!;
        const probe = probes.get(owner);
        if (now - oldest.at >= PROBE_AFTER_MS && (probe === undefined || now - probe.at >= PROBE_AGAIN_MS)) owners.push(owner);
      }
      return owners;
    },
    clear() {
      byOwner.clear();
      ownerOf.clear();
      probes.clear();
    },
  };
}
