import t from 'tap';
import { connect, type TestClient } from '../support/client.js';
import { cmdId } from '../poker/socket-support.js';
import { startProcessCluster, type NodeProcess } from './node-processes.js';

const env = { POKER_RNG_SEED: 'handoff-load', POKER_NEXT_HAND_DELAY_MS: '250', POKER_ACTION_TIME_MS: '60000', POKER_DISCONNECT_GRACE_MS: '60000', RATE_LIMIT_PER_SEC: '1000', RATE_LIMIT_BURST: '1000' };
// Generous: a loaded machine (CI runs two cluster files at once) stretches a takeover far beyond its lease.
const WAIT = 45_000;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

interface Client {
  socket: TestClient;
  /** Every socket it used (a reconnect adds one). */
  sockets: TestClient[];
  userId: string;
  resumeToken: string;
  seat?: number;
}

async function open(node: NodeProcess, path = '/poker/ws'): Promise<Client> {
  const socket = await connect(node.wsUrl(path));
  const session = await socket.next('SESSION', WAIT);
  return { socket, sockets: [socket], userId: session.userId, resumeToken: session.resumeToken };
}

/** The client's socket on `node` closed (1001): it resumes on `to` with its token, as a client library would. */
async function resume(client: Client, to: NodeProcess) {
  const socket = await connect(to.wsUrl(`/poker/ws?resume=${encodeURIComponent(client.resumeToken)}`));
  await socket.next('SESSION', WAIT);
  await socket.next('TABLE_SNAPSHOT', WAIT);
  client.socket = socket;
  client.sockets.push(socket);
}

t.test('graceful hand-off under load: SIGTERM the owner while clients keep sending; none sees an error, only a 1001 and a resume', async (t) => {
  const cluster = await startProcessCluster(t, env);
  if (!cluster) return;
  const a = await cluster.start('a'); // creates t-1 and owns it
  const b = await cluster.start('b');
  const stacks = [2000, 3000, 4000];
  const players = await Promise.all(stacks.map((_, i) => open([a, b][i % 2])));
  players.forEach((p, seat) => {
    p.seat = seat;
    p.socket.send({ type: 'SIT', cmdId: cmdId(), tableId: 't-1', buyIn: stacks[seat], seat });
  });
  await Promise.all(players.map((p) => p.socket.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === p.seat, WAIT)));
  const watchers = await Promise.all([a, a, b, b].map((node) => open(node)));
  for (const w of watchers) {
    w.socket.send({ type: 'WATCH', cmdId: cmdId(), tableId: 't-1' });
    await w.socket.next('TABLE_SNAPSHOT', WAIT);
  }

  // The load: every watcher re-WATCHes every 20 ms on whatever socket it has now, through the hand-off.
  let sent = 0;
  const load = setInterval(() => {
    for (const w of watchers) {
      if (w.socket.ws.readyState !== w.socket.ws.OPEN) continue;
      w.socket.send({ type: 'WATCH', cmdId: cmdId(), tableId: 't-1' });
      sent++;
    }
  }, 20);
  t.teardown(() => clearInterval(load));

  const observer = players[1].socket; // on b throughout
  const firstPrompt = await observer.next((f) => f.type === 'ACTION_PROMPT', WAIT);
  const onA = [...players, ...watchers].filter((c) => c.sockets[0].ws.url.startsWith(a.wsUrl('')));
  const closes = onA.map((c) => c.socket.closed);
  const stopping = a.stop();
  // A burst from the sockets on the survivor while the owner hands the table off: each WATCH waits for the new owner.
  const onB = watchers.filter((w) => !onA.includes(w));
  const burstFrom = onB.map((w) => w.socket.received.length);
  for (const w of onB) for (let i = 0; i < 10; i++) w.socket.send({ type: 'WATCH', cmdId: cmdId(), tableId: 't-1' });
  const codes = (await Promise.all(closes)).map((c) => c.code);
  t.same([...new Set(codes)], [1001], 'every socket on the stopped node was closed with 1001');
  await stopping;
  for (const c of onA) await resume(c, b);

  // Play the hand out (check or call) from the turn in progress; a turn re-announced after a resume is answered once.
  let turn = firstPrompt;
  for (;;) {
    const actor = players.find((p) => p.userId === turn.playerId)!;
    actor.socket.send({ type: 'ACTION', cmdId: cmdId(), action: turn.canCheck ? 'Check' : 'Call' });
    const applied = await observer.next((f) => f.type === 'PLAYER_ACTION_APPLIED' && f.playerId === actor.userId && observer.received.indexOf(f) > observer.received.indexOf(turn), WAIT);
    const after = observer.received.indexOf(applied);
    const next = await observer.next((f) => observer.received.indexOf(f) > after && (f.type === 'HAND_END' || f.type === 'ACTION_PROMPT'), WAIT);
    if (next.type === 'HAND_END') {
      t.equal(sum(next.stacks.map((s: any) => s.stack)), sum(stacks), 'the hand ended on the survivor, chips conserved');
      break;
    }
    turn = next;
  }
  clearInterval(load);
  for (const w of watchers) {
    w.socket.send({ type: 'WATCH', cmdId: cmdId(), tableId: 't-1' });
    await w.socket.next((f) => f.type === 'TABLE_SNAPSHOT' && w.socket.received.indexOf(f) > 0, WAIT);
  }
  t.comment(`${sent} WATCHes sent by the load through the hand-off`);
  // TABLE_SNAPSHOT carries no cmdId: count them (the load's own WATCHes only add to it).
  for (const [i, w] of onB.entries()) {
    const snapshotsSince = () => w.socket.received.slice(burstFrom[i]).filter((f) => f.type === 'TABLE_SNAPSHOT').length;
    await w.socket.next((f) => f.type === 'TABLE_SNAPSHOT' && snapshotsSince() >= 10, WAIT);
  }
  t.pass('the burst sent during the hand-off was answered');
  const errors = [...players, ...watchers].flatMap((c) => c.sockets.flatMap((s) => s.received.filter((f) => f.type === 'ERROR')));
  t.same(errors, [], 'no client saw an error');
  for (const c of [...players, ...watchers]) await c.socket.close();
});
