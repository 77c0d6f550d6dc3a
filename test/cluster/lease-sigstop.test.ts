import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connect } from '@nats-io/transport-node';
import { openLeaseBucket } from '../../src/cluster/lease-bucket.js';
import { leaseKeyOf } from '../../src/cluster/lease-key.js';
import { createLeaseTable } from '../../src/cluster/lease-table.js';
import { createSqliteStore } from '../../src/store/index.js';
import { requireNats, startNats } from '../support/nats-server.js';

const root = new URL('../..', import.meta.url).pathname;
const LEASE_MS = 1_000;
const RENEW_MS = 250;

t.test('lease: a SIGSTOPped holder loses its lease to another node and, resumed, can neither keep it nor write with its fence', async (t) => {
  if (!requireNats(t)) return;
  const nats = await startNats(t);
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-lease-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const address = 'poker/t-1';

  const child = spawn(process.execPath, ['--import', 'tsx', 'test/cluster/lease-holder.ts', nats.url, dir, address, 'paused', String(LEASE_MS), String(RENEW_MS)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(() => {
    child.kill('SIGCONT');
    child.kill('SIGKILL');
  });
  const lines: string[] = [];
  const waiters: [(line: string) => boolean, () => void][] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) if (waiter[0](line)) (waiters.splice(waiters.indexOf(waiter), 1), waiter[1]());
  });
  const line = (match: (line: string) => boolean) =>
    lines.some(match) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push([match, resolve]));

  await line((l) => l.startsWith('held '));
  const fenceA = Number(lines.find((l) => l.startsWith('held '))!.slice(5));
  await line((l) => l === 'append ok');

  const nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
  t.teardown(() => nc.close());
  const kv = await openLeaseBucket(nc, { leaseMs: LEASE_MS, timeoutMs: 1_000 });
  const b = await createLeaseTable({ kv, node: 'b', leaseMs: LEASE_MS, renewMs: RENEW_MS });
  t.teardown(() => b.close());
  const store = await createSqliteStore(dir, { secret: 'lease-holder-test' });
  t.teardown(() => store.close());
  t.same(await b.claim(address), { held: false, owner: 'paused' }, 'the running holder keeps it');

  const lapsed = new Promise<void>((resolve) => b.onChange((change) => change.address === address && change.reason === 'lapsed' && resolve()));
  child.kill('SIGSTOP');
  await lapsed;
  const claim = await b.claim(address);
  t.ok(claim.held, 'b takes the lease over once it lapsed');
  const fenceB = claim.held ? claim.lease.fence : 0;
  t.ok(fenceB > fenceA, 'with a greater fence');
  const { entries } = await store.recover(address, fenceB);
  t.ok(entries.length > 0, 'b recovers what the holder wrote');

  const before = lines.length;
  child.kill('SIGCONT');
  await line((l) => l.startsWith('lost '));
  await line((l) => l === 'append fenced');
  t.notOk(lines.slice(before).includes('append ok'), 'no write of the resumed holder lands');
  t.same((await store.recover(address)).entries.length, entries.length, 'the journal holds nothing after what b recovered');
  t.equal((await kv.get(leaseKeyOf(address)))?.json<{ node: string }>().node, 'b', 'the bucket still names b');
  t.equal(b.fenceOf(address), fenceB, 'b still holds it');
});
