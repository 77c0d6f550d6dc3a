import type { Test } from 'tap';
import { BusTimeoutError, createBus, type BusEvent, type Envelope, type Transport } from '../../src/bus/index.js';

/** Resolves once `n` items were pushed (or rejects after `timeoutMs`, naming what did arrive). */
export function collector<T>(label: string) {
  const items: T[] = [];
  let wake: (() => void) | undefined;
  return {
    items,
    push(item: T) {
      items.push(item);
      wake?.();
    },
    async count(n: number, timeoutMs = 2_000): Promise<T[]> {
      const deadline = Date.now() + timeoutMs;
      while (items.length < n) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${label}: ${items.length} of ${n} arrived within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      return items;
    },
  };
}

/** Let a transport deliver whatever it still has in flight: a few macrotasks and a short pause. */
export async function settle(ms = 20) {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The bus transport contract (see `Transport` in src/bus/types.ts), run against every
 * transport: in-process, deferred, and the networked ones (the factory may connect first).
 * Nothing here assumes delivery happens before `send`/`publish` return, nor that it happens later.
 */
export function transportConformance(t: Test, name: string, makeTransport: () => Transport | Promise<Transport>) {
  const fresh = async (t: Test) => {
    const transport = await makeTransport();
    t.teardown(() => transport.close());
    return transport;
  };

  t.test(`${name}: keeps send order per sender → address with interleaved senders`, async (t) => {
    const transport = await fresh(t);
    const got = collector<{ address: string; member: string; n: number }>('mailbox');
    transport.serve('room', (address, envelope) => got.push({ address, member: envelope.from!.member!, n: envelope.event.n as number }));
    const perPair = 200;
    const pairs = [
      ['room/a', 'ann'],
      ['room/a', 'bob'],
      ['room/b', 'ann'],
      ['room/b', 'cat'],
    ] as const;
    for (let n = 0; n < perPair; n++) {
      for (const [address, member] of pairs) transport.send(address, { event: { type: 'x', n }, from: { member } });
    }
    const arrived = await got.count(perPair * pairs.length);
    for (const [address, member] of pairs) {
      const sequence = arrived.filter((m) => m.address === address && m.member === member).map((m) => m.n);
      t.same(sequence, Array.from({ length: perPair }, (_, n) => n), `${member} → ${address} arrives in send order`);
    }
  });

  t.test(`${name}: a topic reaches every subscriber, in publish order, and no other topic`, async (t) => {
    const transport = await fresh(t);
    const subscribers = [collector<number>('first'), collector<number>('second'), collector<number>('third')];
    for (const sub of subscribers) transport.subscribe('room/1', (event, topic) => topic === 'room/1' && sub.push(event.n as number));
    const other = collector<string>('other topic');
    transport.subscribe('room/2', (event) => other.push(String(event.type)));
    transport.subscribe('room/1/ann', (event) => other.push(String(event.type)));
    const count = 100;
    for (let n = 0; n < count; n++) transport.publish('room/1', { type: 'tick', n });
    transport.publish('room/2', { type: 'elsewhere' });
    transport.publish('nobody/listens', { type: 'lost' });
    for (const sub of subscribers) t.same(await sub.count(count), Array.from({ length: count }, (_, n) => n), 'every event, in order');
    t.same(await other.count(1), ['elsewhere'], 'the other topic hears only its own event');
    await settle();
    t.equal(other.items.length, 1, 'a member topic does not hear its session topic');
  });

  t.test(`${name}: carries plain JSON values unchanged`, async (t) => {
    const transport = await fresh(t);
    const event = { type: 'shape', nested: { list: [1, 'two', null, { three: true }] }, text: 'ünïcode ✓', n: 1.5 };
    const mailbox = collector<Envelope>('mailbox');
    const topic = collector<BusEvent>('topic');
    transport.serve('shape', (_address, envelope) => mailbox.push(envelope));
    transport.subscribe('shape/1', (e) => topic.push(e));
    transport.send('shape/1', { event: structuredClone(event), from: { conn: 'c1', member: 'm1' }, replyTo: 'conn/c1' });
    transport.publish('shape/1', structuredClone(event));
    t.same(await mailbox.count(1), [{ event, from: { conn: 'c1', member: 'm1' }, replyTo: 'conn/c1' }]);
    t.same(await topic.count(1), [event]);
  });

  t.test(`${name}: a subscription hears what is published after it is made, nothing after unsubscribe`, async (t) => {
    const transport = await fresh(t);
    transport.publish('room/1', { type: 'before' });
    const kept = collector<string>('kept');
    const dropped: string[] = [];
    let stopped = false;
    const lateDeliveries: string[] = [];
    transport.subscribe('room/1', (event) => kept.push(String(event.type)));
    const stop = transport.subscribe('room/1', (event) => {
      if (stopped) lateDeliveries.push(String(event.type));
      dropped.push(String(event.type));
    });
    transport.publish('room/1', { type: 'one' });
    stop();
    stopped = true;
    transport.publish('room/1', { type: 'two' });
    t.same(await kept.count(2), ['one', 'two'], 'the remaining subscriber hears both');
    await settle();
    t.same(kept.items, ['one', 'two'], 'nothing published before subscribing arrives');
    t.same(lateDeliveries, [], 'no delivery after unsubscribe returned');
    t.ok(dropped.every((type) => type === 'one'), 'the stopped subscriber heard at most what came before it stopped');
    stop();
    t.pass('unsubscribing twice is harmless');
  });

  t.test(`${name}: request/reply through createBus, with its timeout`, async (t) => {
    const bus = createBus(await fresh(t));
    bus.serve('echo', (_address, envelope) => {
      if (envelope.event.type === 'silent') return;
      bus.publish(envelope.replyTo!, { type: 'reply', got: envelope.event.type, from: envelope.from?.member ?? null });
      bus.publish(envelope.replyTo!, { type: 'late' });
    });
    t.same(await bus.request('echo/1', { type: 'hi' }, { from: { member: 'm' } }), { type: 'reply', got: 'hi', from: 'm' });
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => bus.request(`echo/${i}`, { type: `q${i}` })));
    t.same(many.map((r) => r.got), Array.from({ length: 20 }, (_, i) => `q${i}`), 'concurrent requests each get their own reply');
    await t.rejects(bus.request('echo/1', { type: 'silent' }, { timeoutMs: 30 }), BusTimeoutError);
  });

  t.test(`${name}: a send to an address nobody serves answers $error NOT_FOUND and never throws`, async (t) => {
    const bus = createBus(await fresh(t));
    const inbox = collector<BusEvent>('reply topic');
    bus.subscribe('conn/c1', (event) => inbox.push(event));
    t.doesNotThrow(() => bus.send('nobody/1', { event: { type: 'hello', id: 7 }, from: { conn: 'c1' }, replyTo: 'conn/c1' }));
    t.doesNotThrow(() => bus.send('nobody/2', { event: { type: 'no reply topic' } }));
    t.doesNotThrow(() => bus.send('bare', { event: { type: 'no slash' }, replyTo: 'conn/c1' }));
    const [first, second] = await inbox.count(2);
    t.match(first, { type: '$error', code: 'NOT_FOUND', message: /nobody/, request: { type: 'hello', id: 7 } });
    t.match(second, { type: '$error', code: 'NOT_FOUND', request: { type: 'no slash' } });
    t.match(await bus.request('ghost/1', { type: 'x' }), { type: '$error', code: 'NOT_FOUND' }, 'request resolves with the error');

    const unserve = bus.serve('gone', () => {});
    unserve();
    t.match(await bus.request('gone/1', { type: 'x' }), { type: '$error', code: 'NOT_FOUND' }, 'nobody serves a kind after unserve');
  });

  t.test(`${name}: a failing handler never throws at the sender`, async (t) => {
    const reported: string[] = [];
    const bus = createBus(await fresh(t));
    bus.serve('broken', () => {
      reported.push('mailbox');
      throw new Error('handler bug');
    });
    const healthy = collector<string>('healthy subscriber');
    bus.subscribe('room/1', () => {
      reported.push('subscriber');
      throw new Error('subscriber bug');
    });
    bus.subscribe('room/1', (event) => healthy.push(String(event.type)));
    const restoreConsole = silenceConsoleError();
    t.teardown(restoreConsole);
    t.doesNotThrow(() => bus.publish('room/1', { type: 'still delivered' }));
    t.same(await healthy.count(1), ['still delivered'], 'the other subscribers still hear it');
    t.match(await bus.request('broken/1', { type: 'x' }), { type: '$error', code: 'SERVER_ERROR' }, 'the sender hears SERVER_ERROR');
    t.same(reported.sort(), ['mailbox', 'subscriber']);
  });

  t.test(`${name}: a kind is served once`, async (t) => {
    const transport = await fresh(t);
    const stop = transport.serve('room', () => {});
    t.throws(() => transport.serve('room', () => {}), /already served/);
    stop();
    t.doesNotThrow(() => transport.serve('room', () => {}), 'served again after unserve');
  });

  t.test(`${name}: nothing is delivered once close resolved`, async (t) => {
    const transport = await makeTransport();
    let afterClose = 0;
    let closedAt = false;
    transport.serve('room', () => closedAt && afterClose++);
    transport.subscribe('room/1', () => closedAt && afterClose++);
    for (let n = 0; n < 10; n++) {
      transport.send('room/1', { event: { type: 'x', n } });
      transport.publish('room/1', { type: 'x', n });
    }
    await transport.close();
    closedAt = true;
    t.doesNotThrow(() => {
      transport.send('room/1', { event: { type: 'after' }, replyTo: 'room/1' });
      transport.publish('room/1', { type: 'after' });
    });
    await settle();
    t.equal(afterClose, 0, 'no handler ran after close');
  });
}

function silenceConsoleError() {
  const original = console.error;
  console.error = () => {};
  return () => {
    console.error = original;
  };
}
