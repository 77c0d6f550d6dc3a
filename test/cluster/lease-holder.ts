/**
 * A lease holder in its own process, for the SIGSTOP test: it claims one address, appends
 * to that actor's journal every 50 ms with its fence — unconditionally, as a write already
 * in flight would — and reports each outcome on stdout, one line each:
 * `held <fence>`, `append ok|fenced`, `lost <why>`.
 * Arguments: NATS url, data directory, address, node id, lease ms, renew ms.
 */
import { connect } from '@nats-io/transport-node';
import { openLeaseBucket } from '../../src/cluster/lease-bucket.js';
import { createLeaseTable } from '../../src/cluster/lease-table.js';
import { createSqliteStore } from '../../src/store/index.js';

const [url, dataDir, address, node, leaseMs, renewMs] = process.argv.slice(2);
const nc = await connect({ servers: url, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
const kv = await openLeaseBucket(nc, { leaseMs: Number(leaseMs), timeoutMs: 1_000 });
const leases = await createLeaseTable({ kv, node, leaseMs: Number(leaseMs), renewMs: Number(renewMs), onError: () => {} });
const store = await createSqliteStore(dataDir, { secret: 'lease-holder-test' });
leases.onLost((_, why) => console.log(`lost ${why}`));
const claim = await leases.claim(address);
if (!claim.held) throw new Error(`lease-holder: ${address} is held by ${claim.owner}`);
const fence = claim.lease.fence;
console.log(`held ${fence}`);
let n = 0;
setInterval(() => {
  void store.commit({ snapshots: [], appends: [{ address, entry: [`write ${++n}`], fence }] }).then(
    (result) => console.log(result.fenced ? 'append fenced' : 'append ok'),
    (error) => console.log(`append failed ${(error as Error).message}`),
  );
}, 50);
