import t from 'tap';
import { createBus } from '../../src/bus/index.js';
import { createNatsTransport } from '../../src/bus/nats-transport.js';
import type { Placement } from '../../src/bus/nats-placement.js';
import { subjectOf } from '../../src/bus/nats-subject.js';
import { requireNats, startNats } from '../support/nats-server.js';
import { collector, transportConformance } from './transport-conformance.js';

t.test('subjects: one token per part, anything a subject cannot carry escaped, injective', async (t) => {
  t.equal(subjectOf('ac', 't', 'poker/t-1/0xab'), 'ac.t.poker.t-1.0xab');
  t.equal(subjectOf('ac', 't', 'channel/42/ann.b'), 'ac.t.channel.42.ann~2eb');
  t.equal(subjectOf('ac', 't', 'x/a b*>/é'), 'ac.t.x.a~20b~2a~3e.~c3~a9');
  t.equal(subjectOf('ac', 't', 'x//y'), 'ac.t.x.~.y', 'an empty part is a token of its own');
  const names = ['a/b', 'a.b', 'a/~2eb', 'a~2eb', 'a/', 'a/~', 'a', 'a//', 'a/.', 'ä/b'];
  const subjects = new Set(names.map((n) => subjectOf('ac', 't', n)));
  t.equal(subjects.size, names.length, 'different names, different subjects');
  for (const s of subjects) t.match(s, /^[A-Za-z0-9_~.-]+$/, `${s} is a plain subject`);
});

t.test('NATS transport', async (t) => {
  if (!requireNats(t)) return;
  const nats = await startNats(t);
  let n = 0;
  transportConformance(t, 'NATS transport', () => createNatsTransport({ servers: nats.url, prefix: `conf${++n}` }));

  t.test('two nodes: a send reaches the owner of its address, in order, and topics cross nodes', async (t) => {
    const owners = new Map<string, string>();
    const placement = directory(owners);
    const a = createBus(await createNatsTransport({ servers: nats.url, prefix: 'two', placement: placement('a') }));
    const b = createBus(await createNatsTransport({ servers: nats.url, prefix: 'two', placement: placement('b') }));
    t.teardown(async () => {
      await a.close();
      await b.close();
    });
    const got = { a: collector<string>('a'), b: collector<string>('b') };
    a.serve('room', (address, envelope) => {
      if (envelope.event.type !== 'say') return got.a.push(`${address}:${envelope.event.n}`);
      a.publish('room/1/ann.x', { type: 'private' });
      a.publish('room/1/bob', { type: 'not for ann' });
    });
    b.serve('room', (address, envelope) => got.b.push(`${address}:${envelope.event.n}`));
    owners.set('room/on-b', 'b');
    for (let i = 0; i < 100; i++) a.send('room/on-b', { event: { type: 'x', n: i } });
    t.same(await got.b.count(100), Array.from({ length: 100 }, (_, i) => `room/on-b:${i}`), 'a → b in send order');
    for (let i = 0; i < 50; i++) b.send('room/fresh', { event: { type: 'x', n: i } });
    await got.b.count(150);
    t.equal(owners.get('room/fresh'), 'b', 'an unowned address is placed on the node that first sent to it');
    t.same(got.b.items.slice(100), Array.from({ length: 50 }, (_, i) => `room/fresh:${i}`), 'in order across the claim');
    for (let i = 0; i < 20; i++) a.send('room/fresh', { event: { type: 'x', n: i } });
    await got.b.count(170);
    t.same(got.a.items, [], 'the non-owner never handled a message');

    const heard = collector<string>('b hears a');
    b.subscribe('room/1/ann.x', (event) => heard.push(String(event.type)));
    owners.set('room/on-a', 'a');
    // b's SUB precedes b's send on one connection, so the server has it before a publishes.
    b.send('room/on-a', { event: { type: 'say' } });
    t.same(await heard.count(1), ['private'], 'a member topic with a dot crosses nodes, and only that one');
  });

  t.test('a socket\'s own topic: heard on the node that subscribes to it stays off NATS; heard elsewhere, it crosses', async (t) => {
    const { connect } = await import('@nats-io/transport-node');
    const a = createBus(await createNatsTransport({ servers: nats.url, prefix: 'conn' }));
    const b = createBus(await createNatsTransport({ servers: nats.url, prefix: 'conn' }));
    const wire = await connect({ servers: nats.url });
    t.teardown(async () => {
      await a.close();
      await b.close();
      await wire.close();
    });
    const onWire: string[] = [];
    const sub = wire.subscribe('conn.t.conn.>', { callback: (_e, m) => void onWire.push(m.subject) });
    await wire.flush();
    const local = collector<string>('a hears its own socket');
    const remote = collector<string>('b hears its socket');
    a.subscribe('conn/on-a', (event) => local.push(String(event.type)));
    b.subscribe('conn/on-b', (event) => remote.push(String(event.type)));
    // b's SUB travels on b's own connection: send until it is in place.
    for (let i = 0; i < 100 && remote.items.length === 0; i++) {
      a.publish('conn/on-b', { type: 'reply' });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    a.publish('conn/on-a', { type: 'reply' });
    t.same(await local.count(1), ['reply'], 'the local subscriber hears it');
    t.ok(remote.items.length > 0, 'the socket on the other node hears it over NATS');
    await wire.flush();
    t.ok(onWire.includes('conn.t.conn.on-b'), 'a topic nobody here subscribes to goes on NATS');
    t.notOk(onWire.includes('conn.t.conn.on-a'), 'a topic heard here does not');
    sub.unsubscribe();
  });

  t.test('a forward the server handed to a node that had just died is not lost: it reaches whoever takes the address over, in order', async (t) => {
    const { connect } = await import('@nats-io/transport-node');
    const owners = new Map<string, string>();
    // A long heartbeat window: z counts as alive until the server says otherwise, however loaded the machine.
    const transport = await createNatsTransport({ servers: nats.url, prefix: 'dead', placement: directory(owners)('a'), heartbeatMs: 2_000 });
    const a = createBus(transport);
    // z is a node killed a moment ago whose connection the server has not seen close yet: the server still hands
    // z's mailbox whatever is sent there, nobody reads it, and no 503 comes back. Then the server notices.
    const z = await connect({ servers: nats.url });
    const swallowed: string[] = [];
    z.subscribe('dead.n.z', { callback: (_error, msg) => void swallowed.push(msg.subject) });
    const beats = setInterval(() => z.publish('dead.hb.z'), 100);
    t.teardown(async () => {
      clearInterval(beats);
      await a.close();
      await z.close().catch(() => {});
    });
    await z.flush();
    const got = collector<number>('the new owner');
    a.serve('room', (_address, envelope) => got.push(Number(envelope.event.n)));
    await until(() => transport.nodes().includes('z'), 'a hears z beat');
    owners.set('room/1', 'z');
    for (let n = 0; n < 3; n++) a.send('room/1', { event: { type: 'x', n } });
    await until(() => swallowed.length === 3, 'the server hands the three forwards to z');
    clearInterval(beats);
    await z.close();
    a.send('room/1', { event: { type: 'x', n: 3 } });
    // z's lease lapses once a holds what z never confirmed (a learns z is gone from the server's 503).
    await until(() => transport.waiting('room/1'), 'a holds the sends z never confirmed');
    owners.delete('room/1');
    t.same(await got.count(4, 10_000), [0, 1, 2, 3], 'every send arrives once, in send order, at the node that took it over');
  });

  t.test('what a live owner confirmed is not sent again when it goes', async (t) => {
    const owners = new Map<string, string>();
    const placement = directory(owners);
    const transport = await createNatsTransport({ servers: nats.url, prefix: 'gone', placement: placement('a'), heartbeatMs: 2_000 });
    const a = createBus(transport);
    const b = createBus(await createNatsTransport({ servers: nats.url, prefix: 'gone', placement: placement('b') }));
    t.teardown(async () => {
      await a.close();
      await b.close();
    });
    const got = { a: collector<number>('a'), b: collector<number>('b') };
    a.serve('room', (_address, envelope) => got.a.push(Number(envelope.event.n)));
    b.serve('room', (_address, envelope) => got.b.push(Number(envelope.event.n)));
    await until(() => transport.nodes().includes('b'), 'a hears b beat');
    owners.set('room/1', 'b');
    for (let n = 0; n < 5; n++) a.send('room/1', { event: { type: 'x', n } });
    t.same(await got.b.count(5), [0, 1, 2, 3, 4], 'b handles the first five');
    await b.close();
    a.send('room/1', { event: { type: 'x', n: 5 } });
    await until(() => transport.waiting('room/1'), 'the send after b went bounces and waits');
    owners.delete('room/1');
    t.same(await got.a.count(1, 10_000), [5], 'a, taking over, handles only what b never had');
  });
});

/** Wait for what the transport or the server shows, with a generous deadline. */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A shared directory stands in for the lease bucket: a claim takes a free address for the claimer. */
function directory(owners: Map<string, string>) {
  return (self: string): Placement => ({
    self,
    ownerOf: (address) => owners.get(address),
    claim: async (address) => {
      if (!owners.has(address)) owners.set(address, self);
      return owners.get(address)!;
    },
  });
}
