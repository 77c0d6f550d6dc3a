import t from 'tap';
import { connect, http, type TestClient } from '../support/client.js';
import { cmdId, type Player } from '../poker/socket-support.js';
import { startProcessCluster, type NodeProcess } from './node-processes.js';

const env = { POKER_RNG_SEED: 'failover', POKER_NEXT_HAND_DELAY_MS: '250', POKER_ACTION_TIME_MS: '60000', POKER_DISCONNECT_GRACE_MS: '60000', RATE_LIMIT_PER_SEC: '1000', RATE_LIMIT_BURST: '1000' };
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function seat(nodes: NodeProcess[], stacks: number[]): Promise<Player[]> {
  const clients = await Promise.all(stacks.map((_, i) => connect(nodes[i % nodes.length].wsUrl('/poker/ws'))));
  const sessions = await Promise.all(clients.map((c) => c.next('SESSION')));
  clients.forEach((client, seat) => client.send({ type: 'SIT', cmdId: cmdId(), tableId: 't-1', buyIn: stacks[seat], seat }));
  await Promise.all(clients.map((client, seat) => client.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === seat)));
  return clients.map((client, seat) => ({ client, userId: sessions[seat].userId, resumeToken: sessions[seat].resumeToken, seat }));
}

/** Answer the prompts of the hand in progress until `n` actions were applied, as `observer` saw them. */
async function act(players: Player[], n: number, observer: TestClient) {
  for (let applied = 0; applied < n; ) {
    const prompt = await observer.next((f) => f.type === 'ACTION_PROMPT' && f.timer === 'action', 10_000);
    const actor = players.find((p) => p.userId === prompt.playerId)!;
    actor.client.send({ type: 'ACTION', cmdId: cmdId(), action: prompt.canCheck ? 'Check' : 'Call' });
    await observer.next((f) => f.type === 'PLAYER_ACTION_APPLIED' && f.playerId === actor.userId, 10_000);
    applied++;
  }
}

/**
 * Play the hand in progress to its HAND_END (check or call), from `observer`'s stream. A prompt on the
 * disconnect grace is answered too: a table restored from the store counts every seat away until its player
 * acts or resumes (it cannot tell the sockets of live nodes from the dead one's), and acting is allowed then.
 */
async function finishHand(players: Player[], observer: TestClient): Promise<any[]> {
  const start = observer.received.length;
  const answered = new Set<number>();
  for (;;) {
    const frame = await observer.next((f) => f.type === 'ACTION_PROMPT' || f.type === 'HAND_END', 10_000);
    if (frame.type === 'HAND_END') return observer.received.slice(start);
    const actor = players.find((p) => p.userId === frame.playerId);
    // One answer per turn: a turn re-announced after a reconnect comes after as many applied actions as before.
    const turn = observer.received.slice(0, observer.received.indexOf(frame)).filter((f) => f.type === 'PLAYER_ACTION_APPLIED').length;
    if (answered.has(turn)) continue;
    answered.add(turn);
    if (actor && (frame.timer === 'action' || frame.timer === 'grace')) actor.client.send({ type: 'ACTION', cmdId: cmdId(), action: frame.canCheck ? 'Check' : 'Call' });
  }
}

/** Every player whose socket was on `dead` opens one on `to` with its resume token and gets its seat back. */
async function resumeOn(t: any, to: NodeProcess, players: Player[], moved: Set<number>) {
  for (const p of players) {
    if (!moved.has(p.seat)) continue;
    const back = await connect(to.wsUrl(`/poker/ws?resume=${encodeURIComponent(p.resumeToken)}`));
    t.match(await back.next('SESSION', 10_000), { userId: p.userId }, `seat ${p.seat} resumes on the survivor`);
    const snapshot = await back.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === p.seat, 10_000);
    t.ok(snapshot, `seat ${p.seat} is seated there`);
    p.client = back;
  }
}

t.test('failover: kill -9 the node that owns a poker table mid-hand; the players resume on the other, the hand goes on, chips conserved', async (t) => {
  const cluster = await startProcessCluster(t, env);
  if (!cluster) return;
  const a = await cluster.start('a');
  const b = await cluster.start('b');
  const stacks = [2000, 3000, 4000];
  const players = await seat([a, b], stacks); // seats 0 and 2 on a (which created t-1 and owns it), seat 1 on b
  const watcher = players[1].client;
  await act(players, 2, watcher);
  const handId = (watcher.received.filter((f) => f.type === 'HAND_START').at(-1) as any).handId;
  t.ok(handId, 'a hand is in progress');

  const killedAt = Date.now();
  await a.crash();
  await resumeOn(t, b, players, new Set([0, 2]));
  t.comment(`failover: first answer on the survivor ${Date.now() - killedAt} ms after kill -9`);

  const frames = await finishHand(players, watcher);
  const end = frames.find((f) => f.type === 'HAND_END');
  t.equal(end.handId, handId, 'the hand that was in progress ended: not voided');
  t.notOk(frames.some((f) => f.type === 'HAND_START'), 'it did not start over');
  t.equal(sum(end.stacks.map((s: any) => s.stack)), sum(stacks), 'chips conserved');
  const health = await http(b.url, 'GET', '/healthz');
  t.same(health.body.cluster.nodes.length, 1, 'the survivor sees itself alone');
  for (const p of players) await p.client.close();
});

t.test('graceful hand-off: SIGTERM on the owning node closes its sockets with 1001; they resume on the other, the hand goes on', async (t) => {
  const cluster = await startProcessCluster(t, env);
  if (!cluster) return;
  const a = await cluster.start('a');
  const b = await cluster.start('b');
  const stacks = [2500, 2500];
  const players = await seat([a, b], stacks);
  const watcher = players[1].client;
  await act(players, 1, watcher);
  const closed = players[0].client.closed;
  const stoppedAt = Date.now();
  await a.stop();
  t.equal((await closed).code, 1001, 'the socket on the stopped node was closed with 1001');
  await resumeOn(t, b, players, new Set([0]));
  t.comment(`hand-off: seat back ${Date.now() - stoppedAt} ms after SIGTERM`);
  const frames = await finishHand(players, watcher);
  const end = frames.find((f) => f.type === 'HAND_END');
  t.equal(sum(end.stacks.map((s: any) => s.stack)), sum(stacks), 'chips conserved');
  t.same(
    players.flatMap((p) => p.client.received.filter((f) => f.type === 'ERROR')),
    [],
    'no client saw an error, only a reconnect',
  );
  for (const p of players) await p.client.close();
});

t.test('fencing: a node paused past its lease (SIGSTOP) and resumed (SIGCONT) never acts for the table again', async (t) => {
  // Short turns: the paused owner's turn timer is overdue when it wakes up, so it would act if it still could.
  const cluster = await startProcessCluster(t, { ...env, POKER_ACTION_TIME_MS: '1500', POKER_TIMEBANK_MS: '0', POKER_DISCONNECT_GRACE_MS: '1500' });
  if (!cluster) return;
  const a = await cluster.start('a'); // creates t-1 and owns it
  const b = await cluster.start('b');
  const stacks = [2000, 2000, 2000];
  const players = await seat([b], stacks); // every socket on b: the pause cuts no client off
  const watcher = players[0].client;
  await act(players, 1, watcher);
  a.child.kill('SIGSTOP');
  t.teardown(() => a.child.kill('SIGCONT'));
  // b takes the table over once a's lease lapses; the hand goes on there.
  await watcher.next((f) => f.type === 'PLAYER_ACTION_APPLIED' && watcher.received.indexOf(f) > 0 && f.handId !== undefined, 15_000);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  a.child.kill('SIGCONT');
  const frames = await finishHand(players, watcher);
  await watcher.quiet(500);
  // A turn is a seat's action in one betting round; a check-or-call driver never acts twice in one the same way.
  let round = 0;
  const turns: string[] = [];
  for (const f of watcher.received) {
    if (f.type === 'ROUND_END' || f.type === 'HAND_START') round++;
    if (f.type === 'PLAYER_ACTION_APPLIED') turns.push(`${f.handId}:${round}:${f.seat}:${f.action}:${f.bet}`);
  }
  t.equal(new Set(turns).size, turns.length, 'no action was applied twice (the woken node added none)');
  const end = frames.find((f) => f.type === 'HAND_END');
  t.equal(sum(end.stacks.map((s: any) => s.stack)), sum(stacks), 'chips conserved');
  let health: any;
  for (let i = 0; i < 30; i++) {
    health = (await http(a.url, 'GET', '/healthz')).body;
    if (health.actors?.poker === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.match(health, { actors: { poker: 0 }, cluster: { leases: 0 } }, 'the woken node stopped its table and holds no lease');
  const again = await http(b.url, 'GET', '/api/tables');
  t.match(again.body.tables.find((x: any) => x.tableId === 't-1'), { players: 3 }, 'the table on the survivor is whole');
  for (const p of players) await p.client.close();
});
