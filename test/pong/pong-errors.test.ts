import t from 'tap';
import { calibrateOverSocket } from './calibrate-over-socket.js';
import { randomUUID } from 'node:crypto';
import { connect, http } from '../support/client.js';
import { startServer } from '../support/server.js';
import { createPongSession } from '../../src/sessions/pong/index.js';
import { validateServerFrame } from './seed-schemas.js';

const FAST = {
  PONG_CAL_BASELINE_MS: '1200',
  PONG_CAL_TRIAL_MS: '250',
  PONG_CAL_MIN_SAMPLES: '2',
  PONG_START_GAME_EVERY_MS: '0',
};

t.test('pong socket: every bad-input row of wire.md answers VALIDATION_ERROR and keeps the socket open', async (t) => {
  const srv = await startServer({}, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/pong/ws'));
  c.sendRaw('not json');
  t.match((await c.next('error')).data, { code: 'VALIDATION_ERROR', message: /not valid JSON/, recoverable: true });
  c.sendRaw('[1,2]');
  t.match((await c.next('error')).data, { code: 'VALIDATION_ERROR', message: /JSON object/ });
  c.send({ type: 'fly_away', data: {} });
  t.match((await c.next('error')).data, { code: 'VALIDATION_ERROR', message: /unknown message type/ });
  c.send({ type: 'connect', data: { userId: 'not-a-uuid' } });
  t.match((await c.next('error')).data, { code: 'VALIDATION_ERROR', message: /userId/ });
  c.sendRaw(Buffer.from([1, 2, 3]), { binary: true });
  t.match((await c.next('error')).data, { code: 'VALIDATION_ERROR', message: /binary/ });
  c.send({ type: 'connect', data: { extra: true }, extra: 1 });
  t.match((await c.next('session_created')).data, { calibrationRequired: true }, 'extra fields are ignored');
  c.send({ type: 'input_command', data: { direction: 'UP', timestamp: Date.now() } });
  t.match((await c.next('error')).data, { code: 'VALIDATION_ERROR', message: /data\.direction/ });
  c.send({ type: 'calibration_sample', data: { signals: { up: 0, down: 0, left: 0 }, timestamp: Date.now() } });
  t.match((await c.next('error')).data, { code: 'VALIDATION_ERROR', message: /data\.signals\.right/ });
  c.send({ type: 'input_command', data: { direction: 'LEFT' } });
  t.match((await c.next('error')).data, { code: 'VALIDATION_ERROR', message: /data\.timestamp/ });
  for (const f of c.received) t.equal(validateServerFrame(f), null, `${f.type} matches the seed`);
  t.equal(c.ws.readyState, c.ws.OPEN, 'still open');
  c.sendRaw('x'.repeat(70 * 1024));
  t.equal((await c.closed).code, 1009, 'an oversized frame closes with 1009');
});

t.test('pong socket: messages before connect are INVALID_SESSION; before a game GAME_NOT_STARTED', async (t) => {
  const srv = await startServer({}, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/pong/ws'));
  c.send({ type: 'start_calibration' });
  t.match((await c.next('error')).data, { code: 'INVALID_SESSION', recoverable: false });
  c.send({ type: 'connect' });
  await c.next('session_created');
  c.send({ type: 'input_command', data: { direction: 'LEFT', timestamp: Date.now() } });
  t.match((await c.next('error')).data, { code: 'GAME_NOT_STARTED', recoverable: true });
  c.send({ type: 'pause_game' });
  t.match((await c.next('error')).data, { code: 'GAME_NOT_STARTED' });
  c.send({ type: 'start_game' });
  t.match((await c.next('error')).data, { code: 'INVALID_STATE', message: /calibrate first/ });
});

t.test('pong socket: the seed rate limits — start_calibration 1/10 s, start_game 1/2 s, input_command 60 Hz', async (t) => {
  const srv = await startServer({ PONG_CAL_BASELINE_MS: '1200', PONG_CAL_TRIAL_MS: '250', PONG_CAL_MIN_SAMPLES: '2' }, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/pong/ws'));
  c.send({ type: 'connect' });
  await c.next('session_created');
  const done = await calibrateOverSocket(c, 15_000);
  t.equal(done.data.status, 'success');
  c.send({ type: 'start_calibration' });
  t.match((await c.next('error')).data, { code: 'RATE_LIMIT_EXCEEDED', message: /start_calibration/ }, 'samples after completion were ignored, not errors');
  c.send({ type: 'start_game' });
  const first = await c.next('game_state');
  t.ok(first, 'the game started');
  c.send({ type: 'pause_game' });
  c.send({ type: 'start_game' });
  t.match((await c.next((f) => f?.type === 'error' && f.data.code !== 'THONK_TIMEOUT')).data, { code: 'RATE_LIMIT_EXCEEDED', message: /start_game/ });
  c.send({ type: 'input_command', data: { direction: 'LEFT', timestamp: Date.now() - 6000 } });
  t.match((await c.next((f) => f?.type === 'error' && f.data.code === 'VALIDATION_ERROR')).data, { message: /timestamp/ }, 'an input 6 s old is rejected');
  // A burst far above 60 Hz: the bucket (burst 10) lets some through and refuses the rest.
  await c.quiet(2100);
  c.send({ type: 'start_game' });
  for (let i = 0; i < 40; i++) c.send({ type: 'input_command', data: { direction: 'LEFT', timestamp: Date.now() } });
  const limited = await c.next((f) => f?.type === 'error' && f.data.code === 'RATE_LIMIT_EXCEEDED' && /input_command/.test(f.data.message));
  t.ok(limited, 'input_command over 60 Hz is refused');
  t.equal(c.ws.readyState, c.ws.OPEN);
});

t.test('pong socket: connect with a known userId resumes with its calibration; the old socket is replaced', async (t) => {
  const srv = await startServer(FAST, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const userId = randomUUID();
  const a = await connect(srv.wsUrl('/pong/ws'));
  a.send({ type: 'connect', data: { userId } });
  t.match((await a.next('session_created')).data, { sessionId: userId, calibrationRequired: true });
  const done = await calibrateOverSocket(a, 15_000);
  t.equal(done.data.status, 'success');
  const b = await connect(srv.wsUrl('/pong/ws'));
  b.send({ type: 'connect', data: { userId } });
  const resumed = (await b.next('session_created')).data;
  t.same(resumed, { sessionId: userId, calibrationRequired: false, calibrationParams: done.data.params });
  t.match((await a.next('error')).data, { code: 'INVALID_SESSION' });
  t.equal((await a.closed).code, 4000, 'the replaced socket is closed');
  // Private: a third player's socket hears nothing of this session.
  const other = await connect(srv.wsUrl('/pong/ws'));
  other.send({ type: 'connect' });
  await other.next('session_created');
  b.send({ type: 'start_game' });
  await b.next('game_state');
  const leaked = await other.quiet(200);
  t.same(leaked, [], 'game_state goes to the player only');
  b.send({ type: 'pause_game' });
});

t.test('pong socket: the loop exports tick lag and budget in /metrics and /api/pong/loop', async (t) => {
  const srv = await startServer(FAST, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/pong/ws'));
  c.send({ type: 'connect' });
  await c.next('session_created');
  await calibrateOverSocket(c, 15_000);
  c.send({ type: 'start_game' });
  for (let i = 0; i < 10; i++) await c.next('game_state');
  const stats = await http(srv.url, 'GET', '/api/pong/loop');
  t.equal(stats.body.matches, 1);
  t.ok(stats.body.frames >= 10);
  const metrics = await http(srv.url, 'GET', '/metrics');
  t.match(metrics.body, /actorcade_tick_lag_seconds_count [1-9]/);
  t.match(metrics.body, /actorcade_tick_duration_seconds_count [1-9]/);
  c.send({ type: 'pause_game' });
  await c.quiet(100);
  t.equal((await http(srv.url, 'GET', '/api/pong/loop')).body.matches, 0, 'a paused match leaves the loop');
});

t.test('pong socket: a calibrated session survives a server restart (stored), and resumes by userId', async (t) => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dataDir = mkdtempSync(join(tmpdir(), 'pong-restart-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const userId = randomUUID();
  const first = await startServer(FAST, { sessions: [createPongSession()], dataDir });
  const a = await connect(first.wsUrl('/pong/ws'));
  a.send({ type: 'connect', data: { userId } });
  await a.next('session_created');
  const done = await calibrateOverSocket(a, 15_000);
  t.equal(done.data.status, 'success');
  await first.close(); // graceful: flushes every actor to the store
  const second = await startServer(FAST, { sessions: [createPongSession()], dataDir });
  t.teardown(() => second.close());
  const b = await connect(second.wsUrl('/pong/ws'));
  b.send({ type: 'connect', data: { userId } });
  t.same((await b.next('session_created')).data, { sessionId: userId, calibrationRequired: false, calibrationParams: done.data.params });
  b.send({ type: 'start_game' });
  t.ok(await b.next('game_state'), 'and plays straight away');
  b.send({ type: 'pause_game' });
});
