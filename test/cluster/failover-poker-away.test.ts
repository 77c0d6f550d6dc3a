import t from 'tap';
import { connect } from '../support/client.js';
import { cmdId, type Player } from '../poker/socket-support.js';
import { startProcessCluster } from './node-processes.js';

// Long turns and grace: nothing times out while the table moves, so every prompt is a player's own turn.
const env = { POKER_RNG_SEED: 'away-after-failover', POKER_NEXT_HAND_DELAY_MS: '250', POKER_ACTION_TIME_MS: '60000', POKER_DISCONNECT_GRACE_MS: '60000', RATE_LIMIT_PER_SEC: '1000', RATE_LIMIT_BURST: '1000' };
// Generous: a loaded machine (CI runs two cluster files at once) stretches a takeover far beyond its lease.
const WAIT = 45_000;

t.test('failover: after the table moves, the seats of players whose sockets were on the survivor, or who resumed, show connected', async (t) => {
  const cluster = await startProcessCluster(t, env);
  if (!cluster) return;
  const a = await cluster.start('a'); // creates t-1 and owns it
  const b = await cluster.start('b');
  const nodes = [a, b, a];
  const stacks = [2000, 2000, 2000];
  const clients = await Promise.all(stacks.map((_, i) => connect(nodes[i].wsUrl('/poker/ws'))));
  const sessions = await Promise.all(clients.map((c) => c.next('SESSION', WAIT)));
  clients.forEach((client, seat) => client.send({ type: 'SIT', cmdId: cmdId(), tableId: 't-1', buyIn: stacks[seat], seat }));
  await Promise.all(clients.map((client, seat) => client.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === seat, WAIT)));
  const players: Player[] = clients.map((client, seat) => ({ client, userId: sessions[seat].userId, resumeToken: sessions[seat].resumeToken, seat }));
  const stayed = players[1].client;
  await stayed.next((f) => f.type === 'ACTION_PROMPT', WAIT);
  const watcher = await connect(b.wsUrl('/poker/ws'));
  await watcher.next('SESSION', WAIT);
  watcher.send({ type: 'WATCH', cmdId: cmdId(), tableId: 't-1' });
  await watcher.next('TABLE_SNAPSHOT', WAIT);

  const mark = stayed.received.length;
  await a.crash();
  // A second WATCH sent while the owner is dead and its lease not yet lapsed waits for the takeover, and is answered.
  const again = cmdId();
  watcher.send({ type: 'WATCH', cmdId: again, tableId: 't-1' });
  t.match(await watcher.next((f) => f.type === 'TABLE_SNAPSHOT' && watcher.received.indexOf(f) > 1, WAIT), { tableId: 't-1', yourSeat: null }, 'a second WATCH after the kill is answered');
  // The socket on the survivor is re-attached when the table comes back there: its own snapshot shows it connected.
  const own = await stayed.next((f) => stayed.received.indexOf(f) >= mark && f.type === 'TABLE_SNAPSHOT' && f.yourSeat === 1, WAIT);
  t.equal(own.seats[1].connected, true, 'the player who never left shows connected, without acting or resuming');

  let view: any;
  for (const p of [players[0], players[2]]) {
    const back = await connect(b.wsUrl(`/poker/ws?resume=${encodeURIComponent(p.resumeToken)}`));
    await back.next('SESSION', WAIT);
    view = await back.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === p.seat, WAIT);
    p.client = back;
  }
  t.same(view.seats.filter(Boolean).map((s: any) => s.connected), [true, true, true], 'once both resumed, no seat shows away');

  // The hand goes on from the turn in progress: every prompt from here is an ordinary turn (no grace timer for anyone).
  const start = stayed.received.length;
  const turn = players[view.actingIndex];
  turn.client.send({ type: 'ACTION', cmdId: cmdId(), action: view.currentBet === view.seats[view.actingIndex].bet ? 'Check' : 'Call' });
  for (;;) {
    const frame = await stayed.next((f) => stayed.received.indexOf(f) >= start && (f.type === 'ACTION_PROMPT' || f.type === 'HAND_END'), WAIT);
    if (frame.type === 'HAND_END') break;
    const actor = players.find((p) => p.userId === frame.playerId)!;
    actor.client.send({ type: 'ACTION', cmdId: cmdId(), action: frame.canCheck ? 'Check' : 'Call' });
    await stayed.next((f) => stayed.received.indexOf(f) > stayed.received.indexOf(frame) && f.type === 'PLAYER_ACTION_APPLIED', WAIT);
  }
  const prompts = stayed.received.slice(start).filter((f) => f.type === 'ACTION_PROMPT');
  t.ok(prompts.length > 0, 'the hand was played on after the failover');
  t.same(prompts.filter((f) => f.timer !== 'action').map((f) => `${f.playerId}:${f.timer}`), [], 'every prompt was an ordinary turn');
  t.same([...players.map((p) => p.client), watcher].flatMap((c) => c.received.filter((f) => f.type === 'ERROR')), [], 'no client saw an error');
  t.match(await watcher.next('HAND_END', WAIT), { tableId: 't-1' }, 'the watcher heard the hand end');
  for (const p of players) await p.client.close();
  await watcher.close();
});
