import t from 'tap';
import { connect, http, type TestClient } from '../support/client.js';
import { cmdId } from '../poker/socket-support.js';
import { startProcessCluster, type NodeProcess } from './node-processes.js';

const env = { POKER_RNG_SEED: 'nats-outage', POKER_ACTION_TIME_MS: '60000', POKER_DISCONNECT_GRACE_MS: '60000', RATE_LIMIT_PER_SEC: '1000', RATE_LIMIT_BURST: '1000' };
const WAIT = 45_000;

/** Poll a node's /healthz until `ready` holds for its body (an operator's view, not a timing). */
async function healthUntil(node: NodeProcess, ready: (body: any) => boolean, what: string): Promise<any> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const body = await http(node.url, 'GET', '/healthz').then((r) => r.body, () => undefined);
    if (body && ready(body)) return body;
    if (Date.now() > deadline) throw new Error(`${node.id}: not ${what} within ${WAIT} ms: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Send WATCH on t-1 until it is answered with a snapshot (each refusal is the family's ERROR); resolves with every answer. */
async function watchUntilAnswered(client: TestClient): Promise<any[]> {
  const answers: any[] = [];
  for (;;) {
    const id = cmdId();
    client.send({ type: 'WATCH', cmdId: id, tableId: 't-1' });
    const answer = await client.next((f) => (f.type === 'TABLE_SNAPSHOT' && client.received.indexOf(f) > 0) || (f.type === 'ERROR' && f.cmdId === id), WAIT);
    answers.push(answer);
    if (answer.type === 'TABLE_SNAPSHOT') return answers;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

t.test('cluster: NATS goes away and comes back; a command that needs it is refused with the family error, sockets stay open, the nodes reconnect by themselves', async (t) => {
  const cluster = await startProcessCluster(t, env);
  if (!cluster) return;
  const a = await cluster.start('a'); // creates t-1 and owns it
  const b = await cluster.start('b');
  const seated = await connect(a.wsUrl('/poker/ws'));
  await seated.next('SESSION', WAIT);
  seated.send({ type: 'SIT', cmdId: cmdId(), tableId: 't-1', buyIn: 2000, seat: 0 });
  await seated.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === 0, WAIT);
  const remote = await connect(b.wsUrl('/poker/ws'));
  await remote.next('SESSION', WAIT);
  remote.send({ type: 'WATCH', cmdId: cmdId(), tableId: 't-1' });
  await remote.next('TABLE_SNAPSHOT', WAIT);
  let closes = 0;
  for (const c of [seated, remote]) void c.closed.then(() => closes++);

  await cluster.nats.stop();
  await healthUntil(b, (h) => h.cluster.nats === 'reconnecting', 'reconnecting');
  const mark = remote.received.length;
  const id = cmdId();
  remote.send({ type: 'WATCH', cmdId: id, tableId: 't-1' });
  const refused = await remote.next((f) => remote.received.indexOf(f) >= mark && f.cmdId === id, WAIT);
  t.match(refused, { type: 'ERROR', code: 'SERVER_ERROR', cmdId: id, tableId: 't-1' }, 'a command for a table on the other node is answered with ERROR SERVER_ERROR, not silence');
  t.equal(closes, 0, 'the sockets on both nodes stay open');

  await cluster.nats.start();
  for (const node of [a, b]) await healthUntil(node, (h) => h.cluster.nats === 'connected' && h.cluster.nodes.length === 2, 'reconnected');
  t.pass('both nodes reconnected by themselves and see each other again');
  // The table may still be coming back (its lease ran out while NATS was away): refusals until it is, then the answer.
  const answers = await watchUntilAnswered(remote);
  t.match(answers.at(-1), { type: 'TABLE_SNAPSHOT', tableId: 't-1', yourSeat: null }, 'the same socket is answered again');
  t.same(answers.slice(0, -1).filter((f) => f.code !== 'SERVER_ERROR'), [], 'meanwhile, only SERVER_ERROR');
  t.match(answers.at(-1).seats[0], { stack: 2000 }, 'the table is whole');
  seated.send({ type: 'SIT_OUT', cmdId: cmdId() });
  t.match(await seated.next((f) => f.type === 'TABLE_SNAPSHOT' && f.seats[0]?.sittingOut === true, WAIT), { tableId: 't-1' }, 'the seated player on the other node is served too');
  t.equal(closes, 0, 'no socket was closed');
  await seated.close();
  await remote.close();
});
