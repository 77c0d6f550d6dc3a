import t from 'tap';
import { connect, http, type TestClient } from '../support/client.js';
import { startServer } from '../support/server.js';
import { createPongSession } from '../../src/sessions/pong/index.js';

const FAST = {
  PONG_CAL_BASELINE_MS: '1200',
  PONG_CAL_TRIAL_MS: '250',
  PONG_CAL_MIN_SAMPLES: '3',
  PONG_TARGET_SCORE: '50',
  PONG_START_GAME_EVERY_MS: '0',
  CHARTS_PUSH_INTERVAL_MS: '50',
};

/** Calibrate with well-separated synthetic signals, then start a match and keep the paddle fed. */
async function playing(c: TestClient) {
  c.send({ type: 'connect', data: {} });
  const { data } = await c.next('session_created');
  c.send({ type: 'start_calibration' });
  let step = 'baseline';
  const samples = setInterval(() => {
    for (const f of c.received) if (f?.type === 'calibration_step') step = f.data.step;
    const bias = step === 'left' ? 0.15 : step === 'right' ? -0.15 : 0;
    c.send({ type: 'calibration_sample', data: { signals: { up: 0, down: 0, left: 0.5 + bias + (Math.random() - 0.5) * 0.02, right: 0.5 - bias }, timestamp: Date.now() } });
  }, 10);
  const complete = await c.next('calibration_complete', 5000);
  clearInterval(samples);
  if (complete.data.status !== 'success') throw new Error(complete.data.message);
  c.send({ type: 'start_game' });
  await c.next('game_state');
  const inputs = setInterval(() => c.send({ type: 'input_command', data: { direction: 'NEUTRAL', timestamp: Date.now() } }), 50);
  return { sessionId: data.sessionId as string, stop: () => clearInterval(inputs) };
}

t.test('pong live: a playing match is an actor /charts lists, and a watcher sees its game move', async (t) => {
  const srv = await startServer(FAST, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const player = await connect(srv.wsUrl('/pong/ws'));
  const match = await playing(player);
  t.teardown(match.stop);
  const address = `pong/${match.sessionId}`;

  const listed = await http(srv.url, 'GET', '/charts/api/actors?kind=pong');
  t.match(listed.body.actors, [{ address, kind: 'pong', value: 'playing', states: ['pong-match', 'pong-match.playing'], members: 1 }]);

  const viewer = await connect(srv.wsUrl('/charts/ws'));
  viewer.send({ type: 'watch', address });
  const first = await viewer.next('snapshot');
  t.match(first.actor, { value: 'playing', context: { game: { tick: Number } } });
  const later = await viewer.next((f) => f.type === 'update' && f.actor?.context.game.tick > first.actor.context.game.tick + 10, 3000);
  t.ok(later, `the game moves in the live view (tick ${first.actor.context.game.tick} → ${later.actor.context.game.tick}) though it costs no transition per frame`);
  t.equal(later.actor.context.calibration, '‹masked›', 'the calibration stays private');
  t.notOk(later.events.some((e: { type: string }) => e.type === 'game_state' || e.type === 'input_command'), 'frames and taken inputs stay out of the event log');
  viewer.send({ type: 'unwatch' });
});

t.test('pong live: /api/pong/loop and the tick metrics report the runtime\'s tick', async (t) => {
  const srv = await startServer(FAST, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const player = await connect(srv.wsUrl('/pong/ws'));
  const match = await playing(player);
  t.teardown(match.stop);
  await http(srv.url, 'GET', '/api/pong/loop?reset=1');
  await new Promise((r) => setTimeout(r, 300));
  const { status, body } = await http(srv.url, 'GET', '/api/pong/loop');
  t.equal(status, 200);
  t.match(body, { matches: 1, frames: Number, matchTicks: Number, lateMs: { p50: Number, p99: Number }, frameMs: { p99: Number }, cpuUs: Number });
  t.ok(body.frames >= 10 && body.matchTicks === body.frames, `${body.frames} frames, one match-tick each`);
  const metrics = await fetch(`${srv.url}/metrics`).then((r) => r.text());
  t.match(metrics, /actorcade_tick_lag_seconds_count [1-9]/);
  t.match(metrics, /actorcade_tick_duration_seconds_count [1-9]/);
  match.stop();
  player.send({ type: 'pause_game' });
  await player.quiet(300);
  t.equal((await http(srv.url, 'GET', '/api/pong/loop')).body.matches, 0, 'a paused match is off the tick');
});
