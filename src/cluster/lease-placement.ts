import type { Placement } from '../bus/nats-placement.js';
import type { LeaseTable } from './lease-table.js';

/**
 * The NATS transport's placement on the lease table: `ownerOf` is the table's watch (no round trip),
 * `claim` takes a free or lapsed lease for this node or names its holder. A claim that lost a race to a
 * holder it has not seen yet ("taken meanwhile") asks again.
 */
export function leasePlacement(leases: LeaseTable): Placement {
  return {
    self: leases.node,
    ownerOf: (address) => leases.ownerOf(address),
    async claim(address) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const claim = await leases.claim(address);
        if (claim.held) return leases.node;
        if (claim.owner !== undefined) return claim.owner;
      }
      throw new Error(`cluster: the lease of ${address} keeps changing hands`);
    },
  };
}
