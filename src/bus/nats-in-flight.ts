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
  const sent = new Map<number, Forwarded<P>>();
  /** One probe per owner at a time: its sequence number and when it went. */
  const probes = new Map<string, { seq: number; at: number }>();
  const probeOwners = new Map<number, string>();

  /** Every forward to `owner` up to `seq`, in order, taken out. */
  function takeUpTo(owner: string, seq: number): Forwarded<P>[] {
    const taken: Forwarded<P>[] = [];
    for (const [s, forwarded] of sent) {
      if (s > seq) break;
      if (forwarded.owner !== owner) continue;
      sent.delete(s);
      taken.push(forwarded);
    }
    return taken;
  }

  function endProbe(seq: number): string | undefined {
    const owner = probeOwners.get(seq);
    if (owner === undefined) return undefined;
    probeOwners.delete(seq);
    if (probes.get(owner)?.seq === seq) probes.delete(owner);
    return owner;
  }

  return {
    add(forwarded: Forwarded<P>) {
      sent.set(forwarded.seq, forwarded);
    },
    probe(owner: string, seq: number, now: number) {
      probes.set(owner, { seq, at: now });
      probeOwners.set(seq, owner);
    },
    /**
     * The owner confirmed everything up to `seq` (it answers the last of what one read brought). What went to it
     * before and is not confirmed was lost with a connection of the owner's (NATS keeps order) or received with its
     * receipt lost: it is not sent twice.
     */
    received(seq: number) {
      const owner = sent.get(seq)?.owner ?? endProbe(seq);
      if (owner !== undefined) takeUpTo(owner, seq);
    },
    /** The server bounced `seq`: its owner has no mailbox now. Returns that owner and what it never confirmed up to `seq`, in order. */
    bounced(seq: number): { owner: string; lost: Forwarded<P>[] } | undefined {
      const owner = sent.get(seq)?.owner ?? endProbe(seq);
      if (owner === undefined) return undefined;
      const probe = probes.get(owner);
      if (probe !== undefined && probe.seq < seq) endProbe(probe.seq);
      return { owner, lost: takeUpTo(owner, seq) };
    },
    /** Owners that have a forward unconfirmed for too long and no probe outstanding; forgets what waited far too long. */
    overdue(now: number): string[] {
      const owners = new Set<string>();
      for (const [seq, forwarded] of sent) {
        if (now - forwarded.at < PROBE_AFTER_MS) break;
        if (now - forwarded.at > FORGET_AFTER_MS) {
          sent.delete(seq);
          continue;
        }
        const probe = probes.get(forwarded.owner);
        if (probe !== undefined && now - probe.at < PROBE_AGAIN_MS) continue;
        if (probe !== undefined) endProbe(probe.seq);
        owners.add(forwarded.owner);
      }
      return [...owners];
    },
    clear() {
      sent.clear();
      probes.clear();
      probeOwners.clear();
    },
  };
}
