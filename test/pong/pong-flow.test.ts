import t from 'tap';
import { connect } from '../support/client.js';
import { dodgeBall, followCalibration } from './calibrate-over-socket.js';
import { startServer } from '../support/server.js';
import { createPongSession } from '../../src/sessions/pong/index.js';
import { validateServerFrame } from './seed-schemas.js';

const FAST = {
  PONG_CAL_BASELINE_MS: '1200',
  PONG_CAL_TRIAL_MS: '250',
  PONG_CAL_MIN_SAMPLES: '3',
  PONG_TARGET_SCORE: '2',
  PONG_SERVE_DELAY_MS: '50',
  PONG_START_GAME_EVERY_MS: '0',
  PONG_START_CALIBRATION_EVERY_MS: '0',
};

t.test('pong: a client calibrates, plays a whole match at 60 Hz to game_over, every event valid per the seed', async (t) => {
  const srv = await startServer(FAST, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/pong/ws'));
  c.send({ type: 'connect', data: {} });
  const created = await c.next('session_created');
  t.equal(created.data.calibrationRequired, true);
  c.send({ type: 'start_calibration' });
  const first = await c.next('calibration_step');
  t.match(first.data, { step: 'baseline', trial: 1 });
  const complete = await followCalibration(c, 3, 5000);
  t.equal(complete.data.status, 'success', complete.data.message);
  t.ok(complete.data.quality >= 1, 'separation above 1');
  const steps = c.received.filter((f) => f?.type === 'calibration_step').map((f) => `${f.data.step}${f.data.trial}`);
  t.same(steps, ['baseline1', 'left1', 'left2', 'right1', 'right2'], 'the seed flow diagram, in order');

  c.send({ type: 'start_game', data: {} });
  // Keep signals flowing (the THONK watchdog) and steer the paddle away from the ball, so the match is short.
  const stop = dodgeBall(c);
  t.teardown(stop);
  const over = await c.next('game_over', 30_000);
  stop();
  t.same(over.data, { winner: 'ai', finalScore: { player: 0, ai: 2 } }, 'a player who dodges the ball loses 0-2');
  const states = c.received.filter((f) => f?.type === 'game_state');
  t.ok(states.length > 60, `received ${states.length} game_state frames`);
  const last = states[states.length - 1].data;
  t.same(last.score, over.data.finalScore, 'the last state carries the final score');
  const invalid = c.received.map(validateServerFrame).filter((e) => e !== null);
  t.same(invalid, [], 'every server frame passes the seed schemas');
  // Inputs the driver sent before it saw game_over may land after the match ended: those, and only
  // those, are refused (GAME_NOT_STARTED), after game_over.
  const end = c.received.indexOf(over);
  t.notOk(c.received.slice(0, end).some((f) => f?.type === 'error'), 'no errors during a clean match');
  const late = c.received.slice(end).filter((f) => f?.type === 'error');
  t.ok(late.every((f) => f.data.code === 'GAME_NOT_STARTED'), 'inputs after the end are refused as such');
  await c.close();
});

t.test('pong socket: during play the paddle follows inputs, a pause keeps the game, silence ends in THONK_TIMEOUT', async (t) => {
  const srv = await startServer({ ...FAST, PONG_TARGET_SCORE: '50', PONG_THONK_TIMEOUT_MS: '800' }, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/pong/ws'));
  c.send({ type: 'connect', data: {} });
  await c.next('session_created');
  c.send({ type: 'start_calibration' });
  t.equal((await followCalibration(c, 3, 5000)).data.status, 'success');
  let held = 'NEUTRAL';
  const input = (direction: string) => c.send({ type: 'input_command', data: { direction: (held = direction), timestamp: Date.now() } });
  const states = () => c.received.filter((f) => f?.type === 'game_state').map((f) => f.data);
  c.send({ type: 'start_game', data: {} });
  await c.next('game_state');
  // Signals keep flowing (the THONK watchdog) until the test goes silent on purpose.
  const keepAlive = setInterval(() => input(held), 50);
  t.teardown(() => clearInterval(keepAlive));

  input('LEFT');
  const up = await c.next((f) => f?.type === 'game_state' && f.data.playerPaddle.vy < 0);
  input('RIGHT');
  const down = await c.next((f) => f?.type === 'game_state' && f.data.playerPaddle.vy > 0);
  t.ok(down.data.timestamp > up.data.timestamp, 'LEFT moves the paddle up, RIGHT down, within a few frames');

  c.send({ type: 'calibration_sample', data: { signals: { up: 0, down: 0, left: 0.5, right: 0.5 }, timestamp: Date.now() - 6000 } });
  t.match((await c.next('error')).data, { code: 'VALIDATION_ERROR', message: /timestamp/ }, 'a stale sample during play is refused at the edge');

  clearInterval(keepAlive);
  c.send({ type: 'pause_game', data: {} });
  await new Promise((r) => setTimeout(r, 150));
  const atPause = states().at(-1)!;
  const countAtPause = states().length;
  await new Promise((r) => setTimeout(r, 300));
  t.equal(states().length, countAtPause, 'no game_state while paused');

  c.send({ type: 'start_game', data: {} });
  input('NEUTRAL');
  const resumed = await c.next((f) => f?.type === 'game_state' && f.data.timestamp > atPause.timestamp);
  t.same(resumed.data.score, atPause.score, 'the resumed game keeps its score');
  t.ok(Math.abs(resumed.data.playerPaddle.y - atPause.playerPaddle.y) <= 10, 'and its paddle where it stopped');

  const thonk = await c.next((f) => f?.type === 'error' && f.data.code === 'THONK_TIMEOUT', 3000);
  t.match(thonk.data, { recoverable: true });
  const countAtThonk = states().length;
  await new Promise((r) => setTimeout(r, 200));
  t.equal(states().length, countAtThonk, 'the match stopped');
  t.same(c.received.map(validateServerFrame).filter((e) => e !== null), [], 'every server frame passes the seed schemas');
  await c.close();
});
