import t from 'tap';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { connect, type TestClient } from '../support/client.js';
import { startServer } from '../support/server.js';
import { createPongSession } from '../../src/sessions/pong/index.js';

const event = (over: Record<string, unknown> = {}) => ({
  type: 'game_event',
  event_id: `evt-${randomUUID().slice(0, 8)}`,
  game_mode: 'pong',
  event: 'player_score',
  score: { player: 3, ai: 2 },
  current_difficulty: 0.62,
  event_context: { near_side: 'ai_goal', proximity: 0.2 },
  timestamp_ms: Date.now(),
  ...over,
});

/** The exact keys of the seed's opponent_update example (speech is optional and not produced). */
function assertUpdateShape(t: { same: Function; equal: Function; type: Function; ok: Function }, u: any, eventId: string) {
  t.same(Object.keys(u).sort(), ['difficulty', 'event_id', 'meta', 'metrics', 'taunt_text', 'timestamp_ms', 'type']);
  t.equal(u.type, 'opponent_update');
  t.equal(u.event_id, eventId);
  t.type(u.taunt_text, 'string');
  t.same(Object.keys(u.difficulty).sort(), ['final', 'model_target', 'previous']);
  t.same(Object.keys(u.metrics).sort(), ['alertness', 'focus', 'frustration', 'stress']);
  for (const v of Object.values(u.metrics)) t.ok(typeof v === 'number' && v >= 0 && v <= 1);
  t.same(Object.keys(u.meta).sort(), ['latency_ms', 'metrics_age_ms', 'provider']);
  t.type(u.meta.latency_ms, 'number');
  t.type(u.timestamp_ms, 'number');
  t.ok(Math.abs(u.difficulty.final - u.difficulty.previous) <= 0.15 + 1e-9, 'difficulty moves at most 0.15 per event');
  t.ok(u.difficulty.final >= 0 && u.difficulty.final <= 1);
}

type Mode = 'ok' | 'fail' | 'slow' | 'limited';
/** A local OpenAI-compatible fake: POST /v1/chat/completions. */
async function fakeOpenAi() {
  const state = { mode: 'ok' as Mode, requests: [] as { auth?: string; body: any }[] };
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      state.requests.push({ auth: req.headers.authorization, body: JSON.parse(body || '{}') });
      if (req.url !== '/v1/chat/completions') return void res.writeHead(404).end();
      if (state.mode === 'fail') return void res.writeHead(500).end('{"error":"boom"}');
      if (state.mode === 'limited') return void res.writeHead(429).end('{"error":"slow down"}');
      const reply = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: '"Nice try, human."' } }] }));
      // Far past the server's timeout, so a loaded machine cannot blur the two.
      if (state.mode === 'slow') setTimeout(reply, 8000).unref();
      else reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { state, url: `http://127.0.0.1:${port}/v1`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const nextUpdate = (c: TestClient) => c.next('opponent_update');

t.test('opponent: a game_event gets an opponent_update shaped exactly as the seed, with a local taunt', async (t) => {
  const srv = await startServer({}, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/opponent/ws'));
  const e = event();
  c.send(e);
  const u = await nextUpdate(c);
  assertUpdateShape(t, u, e.event_id);
  t.ok(u.taunt_text.length > 0, `taunt: ${u.taunt_text}`);
  t.equal(u.meta.provider, 'local');
  t.equal(u.meta.metrics_age_ms, null, 'no linked session: neutral metrics, no age');
  t.equal(u.difficulty.previous, 0.62);
  t.equal(u.difficulty.model_target, 0.6, 'neutral metrics, player leads by 1: 0.5 + 0.1');
  t.equal(u.difficulty.final, 0.6, 'within one step of the previous 0.62');
  // A second event within 3 s: the taunt is rate-limited, the difficulty still flows.
  const e2 = event({ event: 'ai_score', score: { player: 3, ai: 3 }, current_difficulty: u.difficulty.final });
  c.send(e2);
  const limited = await c.next('error');
  t.same(Object.keys(limited).sort(), ['code', 'message', 'recoverable', 'type'], 'flat error as the seed');
  t.match(limited, { type: 'error', code: 'RATE_LIMIT', recoverable: true });
  const u2 = await nextUpdate(c);
  assertUpdateShape(t, u2, e2.event_id);
  t.equal(u2.taunt_text, '');
  t.equal(u2.difficulty.previous, u.difficulty.final);
});

t.test('opponent: invalid events answer INVALID_EVENT, flat, and the socket stays open', async (t) => {
  const srv = await startServer({}, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/opponent/ws'));
  c.sendRaw('{oops');
  t.match(await c.next('error'), { type: 'error', code: 'INVALID_EVENT', recoverable: true });
  c.send(event({ current_difficulty: 1.5 }));
  t.match(await c.next('error'), { code: 'INVALID_EVENT', message: /current_difficulty/ });
  c.send(event({ score: { player: -1, ai: 0 } }));
  t.match(await c.next('error'), { code: 'INVALID_EVENT', message: /score\.player/ });
  const { event_id: _, ...missing } = event();
  c.send(missing);
  t.match(await c.next('error'), { code: 'INVALID_EVENT', message: /event_id/ });
  c.send(event({ type: 'opponent_update' }));
  t.match(await c.next('error'), { code: 'INVALID_EVENT', message: /unknown message type/ });
  const ok = event({ extra_field: 'ignored' });
  c.send(ok);
  t.equal((await nextUpdate(c)).event_id, ok.event_id, 'extra fields are ignored');
});

t.test('opponent: the OpenAI-compatible provider answers taunts; failures, timeouts and 429s still update the difficulty', async (t) => {
  const fake = await fakeOpenAi();
  t.teardown(() => fake.close());
  const srv = await startServer(
    { OPPONENT_PROVIDER: 'openai', OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'tiny-model', OPPONENT_TIMEOUT_MS: '2000', PONG_TAUNT_EVERY_MS: '0' },
    { sessions: [createPongSession()] },
  );
  t.teardown(() => srv.close());
  const c = await connect(srv.wsUrl('/opponent/ws'));

  const e1 = event();
  c.send(e1);
  const u1 = await nextUpdate(c);
  assertUpdateShape(t, u1, e1.event_id);
  t.equal(u1.taunt_text, 'Nice try, human.');
  t.equal(u1.meta.provider, 'openai');
  t.equal(fake.state.requests[0].auth, 'Bearer sk-test');
  t.equal(fake.state.requests[0].body.model, 'tiny-model');
  t.match(fake.state.requests[0].body.messages[1].content, /player_score.*player 3, AI 2/);

  for (const [mode, code] of [['fail', 'OPENAI_ERROR'], ['slow', 'OPENAI_ERROR'], ['limited', 'RATE_LIMIT']] as const) {
    fake.state.mode = mode;
    const e = event({ current_difficulty: 0.3 });
    c.send(e);
    const err = await c.next('error');
    t.match(err, { code, recoverable: true }, `${mode}: ${err.message}`);
    const u = await nextUpdate(c);
    assertUpdateShape(t, u, e.event_id);
    t.equal(u.taunt_text, '', `${mode}: taunt skipped`);
    t.equal(u.difficulty.previous, 0.3, `${mode}: difficulty still updated`);
  }
  fake.state.mode = 'ok';
  const e5 = event();
  c.send(e5);
  t.equal((await nextUpdate(c)).taunt_text, 'Nice try, human.', 'recovers when the provider does');
});

t.test('opponent: metrics come from the linked /pong/ws session; an unknown one is METRICS_UNAVAILABLE', async (t) => {
  const srv = await startServer(
    { PONG_CAL_BASELINE_MS: '1200', PONG_CAL_TRIAL_MS: '250', PONG_CAL_MIN_SAMPLES: '2', PONG_TAUNT_EVERY_MS: '0' },
    { sessions: [createPongSession()] },
  );
  t.teardown(() => srv.close());
  const p = await connect(srv.wsUrl('/pong/ws'));
  p.send({ type: 'connect' });
  const sessionId = (await p.next('session_created')).data.sessionId;
  let step = 'baseline';
  const sampler = setInterval(() => {
    for (const f of p.received) if (f?.type === 'calibration_step') step = f.data.step;
    const bias = step === 'left' ? 0.5 : step === 'right' ? -0.5 : 0;
    p.send({ type: 'calibration_sample', data: { signals: { up: 0, down: 0, left: bias + (Math.random() - 0.5) * 0.1, right: 0 }, timestamp: Date.now() } });
  }, 5);
  p.send({ type: 'start_calibration' });
  await p.next('calibration_complete');
  clearInterval(sampler);
  p.send({ type: 'start_game' });
  // A jittery player: direction flips every command.
  for (let i = 0; i < 40; i++) {
    p.send({ type: 'input_command', data: { direction: i % 2 ? 'LEFT' : 'RIGHT', timestamp: Date.now() } });
    await new Promise((r) => setTimeout(r, 17));
  }
  const c = await connect(srv.wsUrl(`/opponent/ws?session_id=${sessionId}`));
  const e = event();
  c.send(e);
  const u = await nextUpdate(c);
  assertUpdateShape(t, u, e.event_id);
  t.type(u.meta.metrics_age_ms, 'number');
  t.ok(u.meta.metrics_age_ms < 1000, `metrics ${u.meta.metrics_age_ms} ms old`);
  t.ok(u.metrics.frustration > 0.1 && u.metrics.alertness > 0.3, `live metrics ${JSON.stringify(u.metrics)}`);
  t.notSame(u.metrics, { stress: 0.5, frustration: 0.5, focus: 0.5, alertness: 0.5 });

  const unknown = event({ session_id: randomUUID() });
  c.send(unknown);
  t.match(await c.next('error'), { code: 'METRICS_UNAVAILABLE', recoverable: true });
  const u2 = await nextUpdate(c);
  t.same(u2.metrics, { stress: 0.5, frustration: 0.5, focus: 0.5, alertness: 0.5 });
  t.equal(u2.meta.metrics_age_ms, null);
  p.send({ type: 'pause_game' });
});
