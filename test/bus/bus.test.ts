import t from 'tap';
import { createBus, createDeferredTransport, createInProcessTransport } from '../../src/bus/index.js';
import { transportConformance } from './transport-conformance.js';

transportConformance(t, 'in-process transport', () => createInProcessTransport());
transportConformance(t, 'deferred transport', () => createDeferredTransport());

t.test('deferred transport: delivers on a later macrotask, never before send or publish return', async (t) => {
  const transport = createDeferredTransport();
  t.teardown(() => transport.close());
  const seen: string[] = [];
  transport.serve('room', () => seen.push('send'));
  transport.subscribe('room/1', () => seen.push('publish'));
  transport.send('room/1', { event: { type: 'x' } });
  transport.publish('room/1', { type: 'x' });
  await Promise.resolve();
  t.same(seen, [], 'not even after the microtasks of this turn');
  await new Promise((resolve) => setImmediate(resolve));
  t.same(seen, ['send', 'publish'], 'delivered in one FIFO on the next turn');
});

t.test('deferred transport: hands the receiver a copy, as a network does', async (t) => {
  const transport = createDeferredTransport();
  t.teardown(() => transport.close());
  const event = { type: 'x', list: [1] };
  const got = new Promise<unknown>((resolve) => transport.subscribe('room/1', resolve));
  transport.publish('room/1', event);
  event.list.push(2);
  t.same(await got, { type: 'x', list: [1] }, 'a change after publish does not travel');
});

t.test('in-process transport: delivers before send returns (the default, fast path)', async (t) => {
  const bus = createBus();
  const seen: number[] = [];
  bus.serve('room', (_address, envelope) => seen.push(envelope.event.n as number));
  for (let n = 0; n < 3; n++) bus.send('room/a', { event: { type: 'x', n } });
  t.same(seen, [0, 1, 2]);
});
