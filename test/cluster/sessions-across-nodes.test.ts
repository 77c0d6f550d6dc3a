import t from 'tap';
import { connect } from '../support/client.js';
import { dodgeBall, followCalibration } from '../pong/calibrate-over-socket.js';
import type { TestServer } from '../support/server.js';
import { checkOrCall, cmdId, playHand, type Player } from '../poker/socket-support.js';
import { byRole, playDay, playersInLobby, privacyViolations, startGame, event } from '../mafia/bots.js';
import { startCluster } from './cluster-support.js';
import type { GameContext } from '../../machines/mafia/types.js';

const env = {
  POKER_RNG_SEED: 'cluster-tests',
  POKER_NEXT_HAND_DELAY_MS: '250',
  POKER_MIN_BUY_IN: '100',
  RATE_LIMIT_PER_SEC: '1000',
  RATE_LIMIT_BURST: '1000',
  MAFIA_DAY_MS: '30000',
  MAFIA_VERDICT_MS: '30000',
  MAFIA_NIGHT_MS: '30000',
  MAFIA_SEED: '20261122',
  PONG_CAL_BASELINE_MS: '1200',
  PONG_CAL_TRIAL_MS: '250',
  PONG_CAL_MIN_SAMPLES: '3',
  PONG_TARGET_SCORE: '2',
  PONG_SERVE_DELAY_MS: '50',
  PONG_START_GAME_EVERY_MS: '0',
  PONG_START_CALIBRATION_EVERY_MS: '0',
};

const ownerOf = (nodes: TestServer[], address: string) => nodes.filter((node) => node.server.host.holds(address));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

t.test('cluster: sessions across two nodes', async (t) => {
  const cluster = await startCluster(t, { env });
  if (!cluster) return;
  const nodes = cluster.nodes;

  t.test('a poker hand with players on two nodes: hole cards stay private', async (t) => {
    const stacks = [3000, 3000, 3000];
    const clients = await Promise.all(stacks.map((_, i) => connect(nodes[i % 2].wsUrl('/poker/ws'))));
    const sessions = await Promise.all(clients.map((c) => c.next('SESSION')));
    clients.forEach((client, seat) => client.send({ type: 'SIT', cmdId: cmdId(), tableId: 't-1', buyIn: stacks[seat], seat }));
    await Promise.all(clients.map((client, seat) => client.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === seat)));
    const players: Player[] = clients.map((client, seat) => ({ client, userId: sessions[seat].userId, resumeToken: sessions[seat].resumeToken, seat }));
    t.equal(ownerOf(nodes, 'poker/t-1').length, 1, 'the table lives on one node');
    const frames = await playHand(players, checkOrCall, players[1].client);
    const end = frames.find((f) => f.type === 'HAND_END');
    t.equal(sum(end.stacks.map((s: any) => s.stack)), 9000, 'chips conserved');
    for (const p of players) {
      const holes = p.client.received.filter((f) => f.type === 'DEAL_HOLE');
      t.equal(holes.length, 1, `seat ${p.seat} received its hole cards once`);
      t.ok(holes.every((f) => f.seat === p.seat && f.playerId === p.userId), `seat ${p.seat} received no one else's`);
      t.equal(p.client.received.filter((f) => f.type === 'HAND_END').length, 1, `seat ${p.seat} heard the end once`);
    }
    for (const c of clients) await c.close();
  });

  t.test('a mafia game across nodes, every private frame to its owner only', async (t) => {
    let i = 0;
    const alternating = { wsUrl: (path: string) => nodes[i++ % 2].wsUrl(path) } as TestServer;
    const { gameId, bots } = await playersInLobby(alternating);
    await startGame(bots);
    const [owner] = ownerOf(nodes, `mafia/${gameId}`);
    t.ok(owner, 'the game lives on one node');
    const core = byRole(bots, 'AI_CORE');
    const other = bots.find((b) => b !== core)!;
    const verdict = await playDay(bots, 1, core, other, () => 'YES', bots);
    t.match(verdict.payload, { deactivated: true });
    for (const bot of bots) t.equal((await event(bot, 'GAME_ENDED')).payload.winning_faction, 'EMPLOYEES', `${bot.name} hears the end`);
    const context = owner.server.host.snapshotOf(`mafia/${gameId}`)!.context as GameContext;
    t.same(privacyViolations(bots, context), [], 'no private frame reached another player');
    for (const bot of bots) await bot.client.close();
  });

  t.test('a pong match whose socket is on one node and whose actor is on the other, at 60 Hz', async (t) => {
    const first = await connect(nodes[0].wsUrl('/pong/ws'));
    first.send({ type: 'connect', data: {} });
    const created = await first.next('session_created');
    const userId = created.data.sessionId as string;
    await first.close();
    const [home] = ownerOf(nodes, `pong/${userId}`);
    t.equal(home, nodes[0], 'the match lives where its first socket was');

    const c = await connect(nodes[1].wsUrl('/pong/ws'));
    c.send({ type: 'connect', data: { userId } });
    await c.next('session_created');
    c.send({ type: 'start_calibration' });
    await c.next('calibration_step');
    t.equal((await followCalibration(c)).data.status, 'success');
    c.send({ type: 'start_game', data: {} });
    const stop = dodgeBall(c);
    t.teardown(stop);
    const over = await c.next('game_over', 30_000);
    stop();
    t.same(over.data, { winner: 'ai', finalScore: { player: 0, ai: 2 } }, 'the match plays to its end across nodes');
    t.ok(c.received.filter((f) => f?.type === 'game_state').length > 60, 'game_state frames reach the other node');
    t.same(ownerOf(nodes, `pong/${userId}`), [nodes[0]], 'the actor never moved');
    t.notOk(c.received.slice(0, c.received.indexOf(over)).some((f) => f?.type === 'error'), 'no errors');
    await c.close();
  });
});
