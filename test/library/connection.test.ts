import t from 'tap';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { connect } from '../support/client.js';
import { connectLibrary, startLibraryServer, subscribeTo, tokenFor, invalidFrames } from './helpers.js';

const secret = new TextEncoder().encode('test-secret');
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function refused(url: string): Promise<number> {
  try {
    const c = await connect(url);
    await c.close();
    return 101;
  } catch (error) {
    return (error as { status?: number }).status ?? 0;
  }
}

t.test('library connection: the token is checked at upgrade', async (t) => {
  const srv = await startLibraryServer();
  t.teardown(() => srv.close());
  const good = await tokenFor(srv, 'ann');
  t.equal(await refused(srv.wsUrl('/ws')), 401, 'missing token');
  t.equal(await refused(srv.wsUrl('/ws?token=not-a-jwt')), 401, 'garbage token');
  const [h, p, s] = good.split('.');
  const tampered = `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'admin' })}.${s}`;
  t.equal(await refused(srv.wsUrl(`/ws?token=${tampered}`)), 401, 'tampered payload');
  const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'ann', exp: Math.floor(Date.now() / 1000) + 60 })}.`;
  t.equal(await refused(srv.wsUrl(`/ws?token=${none}`)), 401, 'alg: none');
  const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ann').setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(secret);
  t.equal(await refused(srv.wsUrl(`/ws?token=${expired}`)), 401, 'expired');
  const wrongKey = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ann').setExpirationTime('1h').sign(new TextEncoder().encode('other'));
  t.equal(await refused(srv.wsUrl(`/ws?token=${wrongKey}`)), 401, 'signed with another key');

  const client = await connect(srv.wsUrl(`/ws?token=${good}`));
  const hello = await client.next('connection_established');
  t.match(hello, { type: 'connection_established', timestamp: /^\d{4}-\d\d-\d\dT/, data: { user_id: 'ann', session_id: /^sess_/, server_time: /^\d{4}-/, features: ['sync_progress', 'ai_chat', 'notifications'] } });
  client.send({ type: 'ping', data: {}, id: 'ping_123', timestamp: new Date().toISOString() });
  t.match(await client.next('pong'), { type: 'pong', id: 'ping_123', data: { client_id: 'ping_123' }, timestamp: String });
  await client.close();
});

t.test('library connection: a token that expires while connected ends the session with AUTH_EXPIRED', async (t) => {
  const srv = await startLibraryServer();
  t.teardown(() => srv.close());
  const soon = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ann').setExpirationTime(Math.floor(Date.now() / 1000) + 2).sign(secret);
  const client = await connectLibrary(srv, soon);
  const error = await client.next('connection_error', 5_000);
  t.match(error.data, { error_code: 'AUTH_EXPIRED', message: String, reconnect_required: true, action_required: 'refresh_token' });
  const closed = await client.closed;
  t.equal(closed.code, 4001);
});

t.test('library connection: every bad-input row of wire.md', async (t) => {
  const srv = await startLibraryServer({ MAX_FRAME_BYTES: '2048' });
  t.teardown(() => srv.close());
  const token = await tokenFor(srv, 'ann');
  const client = await connectLibrary(srv, token);
  const err = () => client.next('error');

  client.sendRaw('{nope');
  t.match(await err(), { type: 'error', data: { error_code: 'VALIDATION_ERROR', message: /not valid JSON/ }, timestamp: String });
  client.sendRaw('[1,2]');
  t.match((await err()).data, { error_code: 'VALIDATION_ERROR', message: /JSON object/ });
  client.send({ type: 'launch_missiles', data: {}, id: 'x1' });
  t.match(await err(), { id: 'x1', data: { error_code: 'VALIDATION_ERROR', message: /unknown message type "launch_missiles"/ } });
  client.send({ type: 'subscribe', data: {}, id: 'x2' });
  t.match(await err(), { id: 'x2', data: { message: /^data\.events: expected Array<event name>, missing/ } });
  client.send({ type: 'subscribe', data: { events: ['sync_progress'], filters: { notification_level: ['loud'] } }, id: 'x3' });
  t.match(await err(), { id: 'x3', data: { message: /^data\.filters\.notification_level/ } });
  client.send({ type: 'subscribe', data: { events: ['sync_progress', 'gossip'] }, id: 'x4' });
  t.match(await err(), { id: 'x4', data: { error_code: 'VALIDATION_ERROR', message: /unknown event or group "gossip"/ } });
  client.send({ type: 'ai_chat_message', data: { message: '' }, id: 'x5' });
  t.match(await err(), { id: 'x5', data: { message: /^data\.message: expected string\(1\.\.4000\)/ } });
  client.send({ type: 'ai_chat_message', data: { message: 'hi', context: { conversation_id: '../etc' } }, id: 'x6' });
  t.match(await err(), { id: 'x6', data: { message: /^data\.context\.conversation_id/ } });
  client.sendRaw(Buffer.from('{"type":"ping"}'), { binary: true });
  t.match((await err()).data, { error_code: 'VALIDATION_ERROR', message: /binary frames/ });
  client.send({ type: 'ping', data: {}, id: 'extra', surprise: { deep: true } });
  t.match(await client.next('pong'), { id: 'extra' }, 'extra unknown fields are ignored');
  const sub = await subscribeTo(client, ['notifications']);
  t.same(sub.data.events, ['maintenance_mode', 'system_notification', 'system_status_update'], 'state is intact after bad input');

  t.same(invalidFrames(client), [], 'every frame client received matches its codec');
  client.sendRaw(JSON.stringify({ type: 'ping', data: { pad: 'x'.repeat(4000) } }));
  const closed = await client.closed;
  t.equal(closed.code, 1009, 'a frame over the size limit closes with 1009');
});

t.test('library connection: rate_limit_warning comes before the limit; persisting closes with 1008', async (t) => {
  const srv = await startLibraryServer({ LIBRARY_WS_MESSAGES_PER_WINDOW: '30', LIBRARY_WS_WARN_AT: '10', LIBRARY_WS_WINDOW_SEC: '60', LIBRARY_WS_CLOSE_AFTER_REFUSED: '5' });
  t.teardown(() => srv.close());
  const token = await tokenFor(srv, 'ann');
  const client = await connectLibrary(srv, token);
  for (let i = 0; i < 20; i++) client.send({ type: 'ping', data: {}, id: `p${i}` });
  await client.next((f) => f.id === 'p19');
  t.equal(client.received.filter((f) => f.type === 'rate_limit_warning').length, 1, 'one warning once 10 or fewer remain');
  const warning = client.received.find((f) => f.type === 'rate_limit_warning');
  t.match(warning.data, { requests_remaining: 10, warning_threshold: 10, window_reset_seconds: Number });
  t.ok(warning.data.window_reset_seconds > 0 && warning.data.window_reset_seconds <= 60);
  t.ok(client.received.indexOf(warning) < client.received.findIndex((f) => f.id === 'p19'), 'the warning comes before the budget is spent');
  for (let i = 20; i < 31; i++) client.send({ type: 'ping', data: {}, id: `p${i}` });
  t.match(await client.next((f) => f.type === 'error' && f.id === 'p30'), { data: { error_code: 'RATE_LIMIT_EXCEEDED' } });
  t.equal(client.received.filter((f) => f.type === 'pong').length, 30);
  for (let i = 0; i < 6; i++) client.send({ type: 'ping', data: {}, id: `q${i}` });
  t.equal((await client.closed).code, 1008);
});

t.test('library connection: the seed client class works unchanged', async (t) => {
  const srv = await startLibraryServer();
  t.teardown(() => srv.close());
  const token = await tokenFor(srv, 'ann');
  // The seed's GameDjinnWebSocket, with the browser WebSocket replaced by `ws` and the URL by the test server's.
  const url = srv.wsUrl('/ws');
  class GameDjinnWebSocket {
    token: string;
    ws: WebSocket | null = null;
    eventHandlers = new Map<string, ((data: any) => void)[]>();
    constructor(token: string) {
      this.token = token;
    }
    connect() {
      this.ws = new WebSocket(`${url}?token=${this.token}`);
      this.ws.onopen = () => this.subscribe(['sync_progress', 'ai_chat', 'notifications']);
      this.ws.onmessage = (event) => this.handleEvent(JSON.parse(String(event.data)));
    }
    subscribe(events: string[], filters = {}) {
      this.send({ type: 'subscribe', data: { events, filters } });
    }
    sendAIMessage(message: string, context = {}) {
      this.send({ type: 'ai_chat_message', data: { message, context }, id: `msg_${Date.now()}` });
    }
    send(data: object) {
      if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ ...data, timestamp: new Date().toISOString() }));
    }
    on(eventType: string, handler: (data: any) => void) {
      if (!this.eventHandlers.has(eventType)) this.eventHandlers.set(eventType, []);
      this.eventHandlers.get(eventType)!.push(handler);
    }
    handleEvent(message: { type: string; data: unknown }) {
      for (const handler of this.eventHandlers.get(message.type) ?? []) handler(message.data);
    }
  }
  const client = new GameDjinnWebSocket(token);
  const chunks: string[] = [];
  const progress: number[] = [];
  const complete = new Promise<any>((resolve) => client.on('ai_chat_response_complete', resolve));
  const synced = new Promise<any>((resolve) => client.on('sync_completed', resolve));
  client.on('ai_chat_response_chunk', (data) => chunks.push(data.chunk));
  client.on('sync_progress', (data) => progress.push(data.progress_percentage));
  const ready = new Promise((resolve) => client.on('connection_established', resolve));
  client.connect();
  await ready;
  await new Promise((r) => setTimeout(r, 50)); // let the subscription land, as a UI would
  const create = await fetch(`${srv.url}/api/libraries`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Seed', platform: 'fixture' }) });
  const library = await create.json();
  await fetch(`${srv.url}/api/libraries/${library.library_id}/sync`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'full' }) });
  const summary = await synced;
  t.equal(summary.games_added, 198);
  t.equal(progress[progress.length - 1], 100, 'the progress bar reaches 100');
  client.sendAIMessage('Show me my unplayed RPG games', { library_id: library.library_id });
  const answer = await complete;
  t.equal(chunks.join(''), answer.full_message);
  t.match(answer.full_message, /unplayed RPG games/);
  client.ws!.close();
});
