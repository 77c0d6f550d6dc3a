import t from 'tap';
import { OpponentClient, type WebSocketConstructor } from '../../clients/typescript/src/index.js';

/** A WebSocket of the standard shape that the test drives by hand: any constructor of it works. */
class FakeSocket {
  static last: FakeSocket | undefined;
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const update = { type: 'opponent_update', event_id: 'e1', taunt_text: 'hi', difficulty: { previous: 0.5, model_target: 0.5, final: 0.5 }, metrics: {}, meta: { provider: 'local', latency_ms: 1, metrics_age_ms: null }, timestamp_ms: 1 };
const broken = { ...update, difficulty: 'hard' };

for (const validate of [true, false]) {
  t.test(`sdk: with validate ${validate}, a frame that breaks its codec is ${validate ? 'reported as invalid, not emitted' : 'emitted unchecked'}`, async (t) => {
    const client = await OpponentClient.connect('ws://test/opponent/ws', { WebSocket: FakeSocket as WebSocketConstructor, validate, reconnect: false });
    const seen: unknown[] = [];
    const invalid: unknown[] = [];
    client.on('opponent_update', (e) => seen.push(e.event_id));
    client.on('invalid', (e) => invalid.push(e.message));
    FakeSocket.last!.receive(update);
    FakeSocket.last!.receive(broken);
    FakeSocket.last!.onmessage?.({ data: 'not json' });
    t.same(seen, validate ? ['e1'] : ['e1', 'e1']);
    t.equal(invalid.length, validate ? 2 : 1, 'bad JSON is always reported');
    if (validate) t.match(invalid[0], /difficulty/, 'the message names the field');
    await client.close();
  });
}

t.test('sdk: a pending command rejects with DISCONNECTED when the socket drops, and the client reconnects', async (t) => {
  const client = await OpponentClient.connect('ws://test/opponent/ws', { WebSocket: FakeSocket as WebSocketConstructor, reconnect: { initialDelayMs: 1 } });
  const first = FakeSocket.last!;
  const pending = client.gameEvent({ event_id: 'e1', game_mode: 'm', event: 'x', score: { player: 0, ai: 0 }, current_difficulty: 0.5, timestamp_ms: 1 });
  await new Promise((resolve) => setTimeout(resolve, 0));
  t.match(JSON.parse(first.sent[0]), { type: 'game_event', event_id: 'e1' }, 'sent flat, as the seed');
  const back = new Promise((resolve) => client.once('reconnected', resolve));
  first.close(1006, '');
  await t.rejects(pending, { code: 'DISCONNECTED' });
  await back;
  t.not(FakeSocket.last, first, 'a new socket');
  await client.close();
  await t.rejects(client.gameEvent({ event_id: 'e2', game_mode: 'm', event: 'x', score: { player: 0, ai: 0 }, current_difficulty: 0.5, timestamp_ms: 1 }), { code: 'CLOSED' });
});

t.test('sdk: close() while waiting to reconnect ends the client at once', async (t) => {
  const client = await OpponentClient.connect('ws://test/opponent/ws', { WebSocket: FakeSocket as WebSocketConstructor, reconnect: { initialDelayMs: 60_000 } });
  const events: string[] = [];
  client.on('disconnected', (e) => events.push(`disconnected ${e.willReconnect}`));
  client.on('closed', () => events.push('closed'));
  FakeSocket.last!.close(1006, '');
  await client.close();
  t.same(events, ['disconnected true', 'closed'], 'one disconnected (with a retry planned), then closed, no retry left running');
});
