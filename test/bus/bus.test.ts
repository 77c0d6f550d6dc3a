import t from 'tap';
import { BusTimeoutError, createBus } from '../../src/bus/index.js';

t.test('bus: delivers to the kind serving an address, in send order', async (t) => {
  const bus = createBus();
  const seen: string[] = [];
  bus.serve('room', (address, envelope) => seen.push(`${address}:${envelope.event.n}`));
  for (let n = 0; n < 5; n++) bus.send('room/a', { event: { type: 'x', n } });
  bus.send('room/b', { event: { type: 'x', n: 9 } });
  t.same(seen, ['room/a:0', 'room/a:1', 'room/a:2', 'room/a:3', 'room/a:4', 'room/b:9']);
  t.throws(() => bus.send('nobody/a', { event: { type: 'x' } }), /nothing serves actors of kind "nobody"/);
  t.throws(() => bus.serve('room', () => {}), /already served/);
});

t.test('bus: topics reach every subscriber until they unsubscribe', async (t) => {
  const bus = createBus();
  const a: unknown[] = [];
  const b: unknown[] = [];
  const stopA = bus.subscribe('room/1', (event) => a.push(event.type));
  bus.subscribe('room/1', (event) => b.push(event.type));
  bus.publish('room/1', { type: 'one' });
  stopA();
  bus.publish('room/1', { type: 'two' });
  bus.publish('room/2', { type: 'elsewhere' });
  t.same(a, ['one']);
  t.same(b, ['one', 'two']);
});

t.test('bus: request resolves with the first reply to the sender and times out otherwise', async (t) => {
  const bus = createBus();
  bus.serve('echo', (_address, envelope) => {
    if (envelope.event.type === 'silent') return;
    bus.publish(envelope.replyTo!, { type: 'reply', got: envelope.event.type, from: envelope.from?.member });
    bus.publish(envelope.replyTo!, { type: 'late' });
  });
  t.same(await bus.request('echo/1', { type: 'hi' }, { from: { member: 'm' } }), { type: 'reply', got: 'hi', from: 'm' });
  await t.rejects(bus.request('echo/1', { type: 'silent' }, { timeoutMs: 20 }), BusTimeoutError);
  await t.rejects(bus.request('ghost/1', { type: 'x' }), /nothing serves/);
});
