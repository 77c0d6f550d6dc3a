/**
 * Who owns an address in a cluster: what the NATS transport asks before it delivers. The
 * cluster's leases (`src/cluster/`) implement it; one process alone owns everything
 * (`selfPlacement`).
 */
export interface Placement {
  /** This node's id (its mailbox subject is `<prefix>.n.<id>`). */
  readonly self: string;
  /** The owner this node knows of (its view of the lease bucket), or undefined when none. Cheap: called per send. */
  ownerOf(address: string): string | undefined;
  /**
   * Ask the authority: take the address for this node when nobody holds it (or its holder's lease lapsed),
   * and resolve with whoever owns it then. Rejects when the authority cannot be reached.
   */
  claim(address: string): Promise<string>;
}

/** Every address is this node's: a transport that is the whole cluster (tests, one node). */
export function selfPlacement(self: string): Placement {
  return { self, ownerOf: () => self, claim: async () => self };
}
