import t from 'tap';
import { createGame, errorOf, payloadsOf, withContext } from './harness.js';

/** Issue 15: a lobby host who leaves and does not come back within the grace time hands the host on. */

const grace = { hostGraceMs: 10_000 };
const reconnect = (game: ReturnType<typeof createGame>, id: string, conn: string) =>
  game.send(id, { type: 'RECONNECT', payload: { game_id: 'g-test', player_id: id }, token_hash: `h-${id}` }, conn);

t.test('mafia host: the host gone past the grace time hands over to the longest-seated connected player', async (t) => {
  const game = createGame({ settings: grace });
  game.create();
  for (let i = 2; i <= 4; i++) game.join(`P${i}`, `p${i}`);
  game.send('p2', { type: '$disconnect' }); // p2 joined first but is away: p3 is next in line
  const left = game.send('p1', { type: '$disconnect' });
  t.same(payloadsOf(left, 'PLAYER_LEFT'), [{ player_id: 'p1' }]);
  t.same(game.state(), { lobby: 'hostAway' });
  t.same(game.advance(9_750), [], 'nothing within the grace time');
  const handed = game.advance(250);
  t.equal(game.ctx().hostId, 'p3');
  t.same(game.state(), { lobby: 'hosted' });
  t.same(handed.map((o) => o.to), [{ member: 'p3' }, { member: 'p4' }], 'every connected player gets a snapshot');
  const [forP3, forP4] = payloadsOf(handed, 'GAME_STATE_SNAPSHOT').map((p) => p.game_state);
  t.match(forP3, { host_player_id: 'p3', you: { player_id: 'p3', is_host: true } });
  t.match(forP4, { host_player_id: 'p3', you: { player_id: 'p4', is_host: false } });
  t.match(forP4.players.find((p: any) => p.player_id === 'p3'), { is_host: true });
  t.match(forP4.players.find((p: any) => p.player_id === 'p1'), { is_host: false, is_connected: false });

  // The old host is back as a player; the new host starts the game.
  reconnect(game, 'p1', 'c-p1b');
  t.equal(game.ctx().hostId, 'p3', 'coming back late does not take the host back');
  game.join('P5', 'p5');
  game.join('P6', 'p6');
  const joined = game.emitted.filter((o) => o.event.type === 'PLAYER_JOINED').at(-1)!;
  t.match(joined.event.payload, { player: { player_id: 'p6', is_host: false } });
  t.equal(errorOf(game.send('p1', { type: 'START_GAME', payload: {} }))?.code, 'NOT_HOST');
  game.send('p3', { type: 'START_GAME', payload: {} });
  t.same(game.state(), { day: 'nomination' });
});

t.test('mafia host: back within the grace time, the host stays host', async (t) => {
  const game = createGame({ settings: grace });
  game.create();
  game.join('P2', 'p2');
  game.send('p1', { type: '$disconnect' });
  game.advance(9_000);
  reconnect(game, 'p1', 'c-p1b');
  t.same(game.state(), { lobby: 'hosted' });
  t.same(game.advance(60_000), [], 'no handover later');
  t.equal(game.ctx().hostId, 'p1');
  game.send('p1', { type: '$disconnect' }, 'c-p1');
  t.same(game.state(), { lobby: 'hosted' }, 'the closing of the replaced socket is not leaving');
});

t.test('mafia host: with nobody else connected the lobby waits another grace period; a restore re-arms the grace', async (t) => {
  let game = createGame({ settings: grace });
  game.create();
  game.join('P2', 'p2');
  game.send('p2', { type: '$disconnect' });
  game.send('p1', { type: '$disconnect' });
  game.advance(10_000);
  t.equal(game.ctx().hostId, 'p1', 'nobody to hand over to');
  t.same(game.state(), { lobby: 'hostAway' });
  reconnect(game, 'p2', 'c-p2b');
  game.advance(4_000);
  // Restored half-way through the second grace period: it ends at the same deadline.
  game = withContext(game, (c) => c, { settings: grace });
  game.advance(5_750);
  t.equal(game.ctx().hostId, 'p1');
  game.advance(250);
  t.equal(game.ctx().hostId, 'p2', 'p2 takes over at the end of the second grace period');
});
