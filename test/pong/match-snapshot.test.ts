import t, { type Test } from 'tap';
import { ID, calibrate, chase, harness, play, type Harness } from './match-harness.js';

/** A calibrated player mid-rally: the ball has come back off the player's paddle at least twice. */
async function midRally(t: Test, h: Harness) {
  h.send({ type: 'connect', sessionId: ID });
  calibrate(h, 1);
  h.advance(2000);
  h.send({ type: 'start_game' });
  play(h, chase, () => h.actor.getSnapshot().context.game.rallyHits >= 3);
  t.ok(h.actor.getSnapshot().matches('playing'));
}

const rally = (g: any) => ({ tick: g.tick, ballX: g.ballX, ballY: g.ballY, ballVx: g.ballVx, ballVy: g.ballVy, playerY: g.playerY, aiY: g.aiY, rallyHits: g.rallyHits, scorePlayer: g.scorePlayer, scoreAi: g.scoreAi, rng: g.rng });

t.test('pong match: a snapshot taken mid-rally holds the live game and restores mid-rally', async (t) => {
  const h = await harness();
  await midRally(t, h);
  const caught = rally(h.actor.getSnapshot().context.game);
  await h.host.sweep();
  const stored = (await h.store.getSnapshot(h.address))!.data as any;
  t.equal(stored.value, 'playing', 'a playing match is snapshotted like any changed actor');
  t.same(rally(stored.context.game), caught, 'with the game as the tick left it');
  const last = h.ofType('game_state').at(-1).data;
  t.equal(last.ball.x, Math.round(caught.ballX * 10) / 10, 'the same state the player saw last');
  h.advance(500); // the old process plays on after the snapshot; the next one starts from the snapshot

  const next = await harness({}, ID, h.store);
  const restored = next.actor.getSnapshot();
  t.ok(restored.matches('paused'), 'restored from the store, the match waits: the player’s socket was on the old process');
  t.same(rally(restored.context.game), caught, 'mid-rally, exactly where the snapshot caught it');
  next.clock.set(h.clock.now() + 3000);
  next.send({ type: 'connect', sessionId: ID });
  next.send({ type: 'start_game' });
  t.ok(next.actor.getSnapshot().matches('playing'), 'the player resumes it');
  next.send({ type: 'input_command', direction: 'NEUTRAL', timestamp: next.clock.now() });
  next.advance(17);
  const first = next.ofType('game_state')[0].data;
  t.same(first.score, { player: caught.scorePlayer, ai: caught.scoreAi }, 'the score carries on');
  t.ok(Math.abs(first.ball.x - caught.ballX) < 20 && Math.abs(first.ball.y - caught.ballY) < 20, `the ball moves on from (${caught.ballX.toFixed(1)}, ${caught.ballY.toFixed(1)}): (${first.ball.x}, ${first.ball.y})`);
  t.equal(next.actor.getSnapshot().context.game.tick, caught.tick + 1, 'one tick after the snapshot');
});

t.test('pong match: the shutdown flush stores a playing match as it stands', async (t) => {
  const h = await harness();
  await midRally(t, h);
  h.advance(100);
  const caught = rally(h.actor.getSnapshot().context.game);
  await h.host.close();
  const stored = (await h.store.getSnapshot(h.address))!.data as any;
  t.equal(stored.value, 'playing');
  t.same(rally(stored.context.game), caught);
});
