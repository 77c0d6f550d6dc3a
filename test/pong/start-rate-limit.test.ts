import t from 'tap';
import { calibrateOverSocket } from './calibrate-over-socket.js';
import { connect, type TestClient } from '../support/client.js';
import { startServer } from '../support/server.js';
import { createPongSession } from '../../src/sessions/pong/index.js';
import { ID, calibrate, harness } from './match-harness.js';

// The seed: start_game at most 1 per 2 s, start_calibration 1 per 10 s. The limit counts
// what the client sends, not what succeeds: an attempt refused for its state (INVALID_STATE)
// still counts, and the rate is checked first in every state.

const lastError = (h: Awaited<ReturnType<typeof harness>>) => h.ofType('error').at(-1)?.data;

t.test('pong match: a refused start_game counts — the next one within 2 s is RATE_LIMIT_EXCEEDED, whatever the state', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  h.send({ type: 'start_game' });
  t.match(lastError(h), { code: 'INVALID_STATE', message: /calibrate first/ }, 'idle: refused for its state');
  h.send({ type: 'start_game' });
  t.match(lastError(h), { code: 'RATE_LIMIT_EXCEEDED', message: /start_game/ }, 'idle: the second within 2 s is over the rate');
  h.advance(1999);
  h.send({ type: 'start_game' });
  t.match(lastError(h), { code: 'RATE_LIMIT_EXCEEDED' }, 'a rate-limited attempt does not count, but 1999 ms is still inside the window');
  h.advance(1);
  h.send({ type: 'start_game' });
  t.match(lastError(h), { code: 'INVALID_STATE' }, '2 s after the last counted attempt the state answers again');

  calibrate(h, 1);
  h.send({ type: 'start_game' });
  t.ok(h.actor.getSnapshot().matches('playing'));
  h.send({ type: 'start_game' });
  t.match(lastError(h), { code: 'RATE_LIMIT_EXCEEDED', message: /start_game/ }, 'playing: the rate comes before "already running"');
  h.advance(2000);
  h.send({ type: 'start_game' });
  t.match(lastError(h), { code: 'INVALID_STATE', message: /already running/ });
  h.advance(500);
  h.send({ type: 'pause_game' });
  h.send({ type: 'start_game' });
  t.match(lastError(h), { code: 'RATE_LIMIT_EXCEEDED' }, 'paused: the refused attempt 500 ms ago counts');
  t.ok(h.actor.getSnapshot().matches('paused'));
  h.advance(1500);
  h.send({ type: 'start_game' });
  t.ok(h.actor.getSnapshot().matches('playing'), 'resumed once 2 s passed since the last counted attempt');
});

t.test('pong match: a refused start_calibration counts — the next one within 10 s is RATE_LIMIT_EXCEEDED', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  calibrate(h, 1);
  h.advance(10_000);
  h.send({ type: 'start_game' });
  t.ok(h.actor.getSnapshot().matches('playing'));
  h.send({ type: 'start_calibration' });
  t.match(lastError(h), { code: 'INVALID_STATE', message: /during a game/ });
  h.send({ type: 'start_calibration' });
  t.match(lastError(h), { code: 'RATE_LIMIT_EXCEEDED', message: /start_calibration: at most one per 10 s/ });
  h.advance(10_000);
  h.send({ type: 'start_calibration' });
  t.match(lastError(h), { code: 'INVALID_STATE' }, 'after 10 s the state answers again');
});

t.test('pong socket: two start_game or two start_calibration in a row — the second is RATE_LIMIT_EXCEEDED in any state', async (t) => {
  // Limits long enough that a loaded machine cannot let one lapse between two frames sent back to back.
  const srv = await startServer(
    { PONG_CAL_BASELINE_MS: '1200', PONG_CAL_TRIAL_MS: '250', PONG_CAL_MIN_SAMPLES: '2', PONG_START_GAME_EVERY_MS: '30000', PONG_START_CALIBRATION_EVERY_MS: '30000' },
    { sessions: [createPongSession()] },
  );
  t.teardown(() => srv.close());
  const errors = (c: TestClient) => c.next((f) => f?.type === 'error' && f.data.code !== 'THONK_TIMEOUT');

  const fresh = await connect(srv.wsUrl('/pong/ws'));
  fresh.send({ type: 'connect' });
  await fresh.next('session_created');
  fresh.send({ type: 'start_game' });
  fresh.send({ type: 'start_game' });
  t.match((await errors(fresh)).data, { code: 'INVALID_STATE', message: /calibrate first/ });
  t.match((await errors(fresh)).data, { code: 'RATE_LIMIT_EXCEEDED', message: /start_game: at most one per 30 s/ }, 'uncalibrated: the second is over the rate');
  await fresh.close();

  const player = await connect(srv.wsUrl('/pong/ws'));
  player.send({ type: 'connect' });
  await player.next('session_created');
  t.equal((await calibrateOverSocket(player, 15_000)).data.status, 'success');
  player.send({ type: 'start_calibration' });
  t.match((await errors(player)).data, { code: 'RATE_LIMIT_EXCEEDED', message: /start_calibration/ }, 'ready: within the calibration window');
  player.send({ type: 'start_game' });
  await player.next('game_state');
  player.send({ type: 'start_game' });
  t.match((await errors(player)).data, { code: 'RATE_LIMIT_EXCEEDED', message: /start_game/ }, 'playing: the second start_game is over the rate, not "already running"');
  t.equal(player.ws.readyState, player.ws.OPEN);
  await player.close();
});

t.test('pong socket: a start_calibration refused during a game counts against the next one', async (t) => {
  const srv = await startServer(
    { PONG_CAL_BASELINE_MS: '1200', PONG_CAL_TRIAL_MS: '250', PONG_CAL_MIN_SAMPLES: '2', PONG_START_GAME_EVERY_MS: '0', PONG_START_CALIBRATION_EVERY_MS: '3000' },
    { sessions: [createPongSession()] },
  );
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/pong/ws'));
  c.send({ type: 'connect' });
  await c.next('session_created');
  t.equal((await calibrateOverSocket(c, 15_000)).data.status, 'success');
  await c.quiet(3100); // the successful calibration's window has passed
  c.send({ type: 'start_game' });
  await c.next('game_state');
  c.send({ type: 'start_calibration' });
  c.send({ type: 'start_calibration' });
  const refusals = (f: any) => f?.type === 'error' && (f.data.code === 'INVALID_STATE' || f.data.code === 'RATE_LIMIT_EXCEEDED');
  t.match((await c.next(refusals)).data, { code: 'INVALID_STATE', message: /during a game/ });
  t.match((await c.next(refusals)).data, { code: 'RATE_LIMIT_EXCEEDED', message: /start_calibration: at most one per 3 s/ });
  await c.close();
});
