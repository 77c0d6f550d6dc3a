import t, { type Test } from 'tap';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { SimulatedClock } from 'xstate';
import { openLeaseBucket } from '../../src/cluster/lease-bucket.js';
import { leaseKeyOf } from '../../src/cluster/lease-key.js';
import { createLeaseTable, type LeaseChange, type LeaseTable } from '../../src/cluster/lease-table.js';
import { createSqliteStore } from '../../src/store/index.js';
import { requireNats, startNats, type TestNats } from '../support/nats-server.js';

const LEASE_MS = 3_000;
const RENEW_MS = 1_000;

/** Poll `check` until it holds (each try after the event loop had a chance to deliver watch entries); generous, for a loaded machine. */
async function until(check: () => boolean, what: string, tries = 3_000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

interface Node {
  id: string;
  clock: SimulatedClock;
  leases: LeaseTable;
  lost: [string, string][];
  changes: LeaseChange[];
}

/** A throwaway nats-server and a way to start lease tables on it, each with its own simulated clock and connection. */
async function cluster(t: Test) {
  const nats = await startNats(t);
  const connections: NatsConnection[] = [];
  const open = async () => {
    const nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
    connections.push(nc);
    return { nc, kv: await openLeaseBucket(nc, { leaseMs: LEASE_MS, timeoutMs: 1_000 }) };
  };
  const tables: LeaseTable[] = [];
  t.teardown(async () => {
    nats.resume();
    for (const table of tables) await table.close();
    for (const nc of connections) await nc.close();
  });
  const node = async (id: string): Promise<Node> => {
    const clock = new SimulatedClock();
    clock.set(1_000_000);
    const { kv } = await open();
    const leases = await createLeaseTable({ kv, node: id, leaseMs: LEASE_MS, renewMs: RENEW_MS, clock, autoRenew: false });
    tables.push(leases);
    const lost: [string, string][] = [];
    const changes: LeaseChange[] = [];
    leases.onLost((address, why) => lost.push([address, why]));
    leases.onChange((change) => changes.push(change));
    return { id, clock, leases, lost, changes };
  };
  return { nats, node, open };
}

/** Move a node's clock on past every lease it has seen. */
const outlive = (node: Node) => node.clock.increment(LEASE_MS + 1);

t.test('lease: of two nodes racing for one address exactly one wins, and the other learns who', async (t) => {
  if (!requireNats(t)) return;
  const { node } = await cluster(t);
  const [a, b] = await Promise.all([node('a'), node('b')]);
  const addresses = Array.from({ length: 20 }, (_, i) => `poker/t-${i}`);
  for (const address of addresses) {
    const [ca, cb] = await Promise.all([a.leases.claim(address), b.leases.claim(address)]);
    t.equal([ca, cb].filter((c) => c.held).length, 1, `${address}: one winner`);
    const winner = ca.held ? 'a' : 'b';
    const loser = ca.held ? cb : ca;
    t.same(loser, { held: false, owner: winner }, `${address}: the loser is told the winner`);
  }
  await until(() => addresses.every((address) => a.leases.ownerOf(address) === b.leases.ownerOf(address)), 'both maps agree');
  t.same(
    [...a.leases.held(), ...b.leases.held()].sort(),
    [...addresses].sort(),
    'every address is held by exactly one node',
  );
  const again = await a.leases.claim(addresses[0]);
  t.equal(again.held, a.leases.held().includes(addresses[0]), 'claiming again answers the same');
  const twice = await Promise.all([a.leases.claim('poker/solo'), a.leases.claim('poker/solo')]);
  t.ok(twice[0].held && twice[1].held && twice[0].lease.fence === twice[1].lease.fence, 'two claims of one node share one lease');
});

t.test('lease: renewing keeps a lease past its lease time; other nodes never see it lapse', async (t) => {
  if (!requireNats(t)) return;
  const { node } = await cluster(t);
  const [a, b] = await Promise.all([node('a'), node('b')]);
  const claim = await a.leases.claim('mafia/g1');
  t.ok(claim.held);
  const fence = claim.held ? claim.lease.fence : 0;
  for (let round = 0; round < 6; round++) {
    a.clock.increment(RENEW_MS);
    await a.leases.sweep();
    await until(() => b.leases.entryOf('mafia/g1')?.revision === a.leases.entryOf('mafia/g1')?.revision, 'b sees the renewal');
    b.clock.increment(RENEW_MS);
    await b.leases.sweep();
  }
  t.same(a.leases.held(), ['mafia/g1'], 'still held after twice the lease time');
  t.equal(a.leases.fenceOf('mafia/g1'), fence, 'the fence stays the one it was taken with');
  t.equal(b.leases.ownerOf('mafia/g1'), 'a');
  t.same(await b.leases.claim('mafia/g1'), { held: false, owner: 'a' });
  t.same(a.lost, []);
  t.notOk(b.changes.some((c) => c.reason === 'lapsed'), 'no lapse was reported');
});

t.test('lease: a holder that stops renewing loses the lease after the lease time, and another node takes it with a greater fence', async (t) => {
  if (!requireNats(t)) return;
  const { node } = await cluster(t);
  const [a, b] = await Promise.all([node('a'), node('b')]);
  const first = await a.leases.claim('pong/m1');
  await until(() => b.leases.ownerOf('pong/m1') === 'a', 'b sees a');
  b.clock.increment(LEASE_MS - 1);
  await b.leases.sweep();
  t.same(await b.leases.claim('pong/m1'), { held: false, owner: 'a' }, 'not before the lease time');
  b.clock.increment(1);
  await b.leases.sweep();
  t.match(b.changes.at(-1), { address: 'pong/m1', owner: undefined, reason: 'lapsed' }, 'the lapse is reported');
  t.equal(b.leases.ownerOf('pong/m1'), undefined);
  const second = await b.leases.claim('pong/m1');
  t.ok(second.held, 'b takes it over');
  t.ok(first.held && second.held && second.lease.fence > first.lease.fence, 'the new fence is greater');
  outlive(a);
  await a.leases.sweep();
  // By its own clock ('expired'), unless its watch brought b's value first ('taken').
  t.match(a.lost, [['pong/m1', /^(expired|taken)$/]], 'a counts it lost, once');
  t.equal(a.lost.length, 1);
  t.equal(a.leases.fenceOf('pong/m1'), undefined);
  await until(() => a.leases.entryOf('pong/m1')?.node === 'b', 'a sees b');
});

t.test("lease: a stale holder's renewal is refused and it learns the lease is gone", async (t) => {
  if (!requireNats(t)) return;
  const { node, open } = await cluster(t);
  const [a, b] = await Promise.all([node('a'), node('b')]);
  t.ok((await a.leases.claim('channel/c1')).held);
  await until(() => b.leases.ownerOf('channel/c1') === 'a', 'b sees a');
  outlive(b); // a is alive by its own clock; b thinks it lapsed (a long pause of a, seen from b)
  await b.leases.sweep();
  t.ok((await b.leases.claim('channel/c1')).held);
  // a has not been told yet if its watch is behind; its renewal names a revision that is gone.
  await a.leases.sweep();
  await until(() => a.lost.length > 0, 'a hears it lost');
  t.same(a.lost, [['channel/c1', 'taken']]);
  t.same(a.leases.held(), []);
  a.clock.increment(RENEW_MS);
  await a.leases.sweep();
  const { kv } = await open();
  t.equal((await kv.get(leaseKeyOf('channel/c1')))?.json<{ node: string }>().node, 'b', 'the bucket still names b');
});

t.test('lease: release frees the address at once', async (t) => {
  if (!requireNats(t)) return;
  const { node } = await cluster(t);
  const [a, b] = await Promise.all([node('a'), node('b')]);
  t.ok((await a.leases.claim('library/sync-1')).held);
  await until(() => b.leases.ownerOf('library/sync-1') === 'a', 'b sees a');
  await a.leases.release('library/sync-1');
  t.same(a.leases.held(), []);
  t.equal(a.leases.ownerOf('library/sync-1'), undefined, 'free on the releasing node at once');
  t.same(a.lost, [], 'a release is not a loss');
  await until(() => b.leases.ownerOf('library/sync-1') === undefined, 'b sees it free');
  t.match(b.changes.at(-1), { address: 'library/sync-1', owner: undefined, reason: 'released' });
  t.ok((await b.leases.claim('library/sync-1')).held, 'b takes it without waiting out the lease');
});

t.test('lease: a claim on an address the map has not seen yet learns the owner from the refusal', async (t) => {
  if (!requireNats(t)) return;
  const { node, open } = await cluster(t);
  const a = await node('a');
  t.ok((await a.leases.claim('poker/t-9')).held);
  // A node that starts later sees a's lease in the watch's replay; one whose watch is behind still gets it right.
  const { kv } = await open();
  await kv.get(leaseKeyOf('poker/t-9'));
  const b = await node('b');
  t.same(await b.leases.claim('poker/t-9'), { held: false, owner: 'a' });
  t.same(await b.leases.claim('odd/a.b c'), { held: true, lease: { address: 'odd/a.b c', fence: b.leases.fenceOf('odd/a.b c')! } }, 'any address makes a key');
});

t.test('lease: with nats-server paused past the lease time, the holder gives the lease up and cannot write with its fence again', async (t) => {
  if (!requireNats(t)) return;
  const { nats, node, open } = await cluster(t);
  const [a, b] = await Promise.all([node('a'), node('b')]);
  const store = await createSqliteStore(':memory:');
  t.teardown(() => store.close());
  const claimed = await a.leases.claim('poker/t-1');
  const fenceA = claimed.held ? claimed.lease.fence : 0;
  await store.commit({ snapshots: [{ address: 'poker/t-1', data: { by: 'a' }, expectedVersion: 0, fence: fenceA }], appends: [] });
  await until(() => b.leases.ownerOf('poker/t-1') === 'a', 'b sees a');

  pauseFor(t, nats);
  outlive(a);
  const sweeping = a.leases.sweep(); // its renewal cannot get through
  t.same(a.lost, [['poker/t-1', 'expired']], 'lost at once, by its own clock, without an answer');
  t.equal(a.leases.fenceOf('poker/t-1'), undefined);
  outlive(b);
  await b.leases.sweep();
  nats.resume();
  await sweeping;

  // a's renewal and its hand-back may land after the resume; either way b ends up holding it.
  let fenceB: number | undefined;
  await until(() => (fenceB = b.leases.fenceOf('poker/t-1')) !== undefined || (void b.leases.claim('poker/t-1').catch(() => {}), false), 'b takes it over');
  t.ok(fenceB! > fenceA, 'b fences with a greater token');
  const recovered = await store.recover('poker/t-1', fenceB);
  t.same(recovered.snapshot?.data, { by: 'a' }, 'b recovers what a wrote');
  const stale = await store.commit({ snapshots: [{ address: 'poker/t-1', data: { by: 'a, again' }, expectedVersion: 1, fence: fenceA }], appends: [] });
  t.same(stale, { versions: [null], fenced: ['poker/t-1'] }, "a's write with its old fence is refused");
  a.clock.increment(RENEW_MS);
  await a.leases.sweep();
  t.same(a.leases.held(), [], 'a does not get it back by renewing');
  const { kv } = await open();
  t.equal((await kv.get(leaseKeyOf('poker/t-1')))?.json<{ node: string }>().node, 'b');
});

/** Pause the server; the teardown resumes it whatever happens. */
function pauseFor(t: Test, nats: TestNats) {
  nats.pause();
  t.teardown(() => nats.resume());
}

