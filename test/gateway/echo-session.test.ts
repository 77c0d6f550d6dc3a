import t from 'tap';
import * as io from 'io-ts';
import { assign, emit, setup } from 'xstate';
import { createBus, createDeferredTransport, type Transport } from '../../src/bus/index.js';
import { codecsByTag, decodeTagged, parseObject } from '../../src/protocol/index.js';
import { join, out } from '../../src/contract/index.js';
import { defineActorKind } from '../../src/runtime/index.js';
import { defineSession, type SessionFactory } from '../../src/sessions/define-session.js';
import { connect, http } from '../support/client.js';
import { startServer } from '../support/server.js';

// A minimal session type exercising the whole path: decode → bus → actor → reply / fan-out.
const Hello = io.type({ type: io.literal('hello'), room: io.string, text: io.string });
const Boom = io.type({ type: io.literal('boom'), room: io.string });
const codecs = codecsByTag([Hello, Boom]);

const roomMachine = setup({
  types: { context: {} as { count: number }, events: {} as { type: string; text?: string; $from: { member?: string } } },
}).createMachine({
  context: { count: 0 },
  on: {
    hello: {
      actions: [
        assign({ count: ({ context }) => context.count + 1 }),
        emit(({ event }) => out('sender', join(event.$from.member ?? 'anon'))),
        emit(({ event, context }) => out('session', { type: 'said', text: event.text, count: context.count })),
      ],
    },
    boom: {
      actions: () => {
        throw new Error('machine bug');
      },
    },
  },
});

const echoSession: SessionFactory = () =>
  defineSession({
    name: 'echo',
    actors: [defineActorKind({ kind: 'room', machine: roomMachine })],
    sockets: [
      {
        path: '/echo/ws',
        codec: {
          decode(text) {
            const parsed = parseObject(text);
            return parsed.ok ? decodeTagged(parsed.value, codecs) : parsed;
          },
          encode: (event) => JSON.stringify(event),
          error: (code, message) => JSON.stringify({ type: 'error', code, message }),
          codes: { validation: 'VALIDATION_ERROR', rateLimited: 'RATE_LIMITED' },
        },
        message: (msg: { type: string; room: string }) => ({ address: `room/${msg.room}`, event: msg }),
      },
    ],
  });

t.test('gateway: a frame reaches its actor and the actor fans out to the session', async (t) => {
  const srv = await startServer({}, { sessions: [echoSession] });
  t.teardown(() => srv.close());
  const a = await connect(srv.wsUrl('/echo/ws'));
  const b = await connect(srv.wsUrl('/echo/ws'));
  a.send({ type: 'hello', room: 'r1', text: 'hi' });
  t.match(await a.next('said'), { text: 'hi', count: 1 });
  b.send({ type: 'hello', room: 'r1', text: 'yo' });
  t.match(await a.next('said'), { text: 'yo', count: 2 }, 'a hears b through the session topic');
  t.match(await b.next('said'), { text: 'yo', count: 2 });

  a.send({ type: 'nope', room: 'r1' });
  t.match(await a.next('error'), { code: 'VALIDATION_ERROR', message: /unknown message type/ });
  a.send({ type: 'hello', room: 'r1' });
  t.match(await a.next('error'), { code: 'VALIDATION_ERROR', message: /^text: expected string, missing/ });

  a.send({ type: 'boom', room: 'r1' });
  t.match(await a.next('error'), { code: 'SERVER_ERROR' }, 'a throwing machine answers the sender with an error');
  b.send({ type: 'hello', room: 'r1', text: 'still here' });
  t.match(await b.next('said'), { text: 'still here', count: 3 }, 'the actor was restored with its state');

  const health = await http(srv.url, 'GET', '/healthz');
  t.equal(health.status, 200);
  t.equal(health.body.status, 'ok');
  const metrics = await http(srv.url, 'GET', '/metrics');
  t.match(metrics.body, /actorcade_frames_in_total\{route="\/echo\/ws"\} 6\n/, 'every frame received is counted once');
  t.match(metrics.body, /actorcade_decode_errors_total\{route="\/echo\/ws"\} 2\n/);
  const again = await http(srv.url, 'GET', '/metrics');
  t.match(again.body, /actorcade_frames_in_total\{route="\/echo\/ws"\} 6\n/, 'a second scrape does not count twice');
  await a.close();
  await b.close();
});

/** A deferred transport that counts the live subscriptions per topic (to see the relay's ref counts). */
function countingBus() {
  const transport = createDeferredTransport();
  const live = new Map<string, number>();
  const counted: Transport = {
    ...transport,
    subscribe(topic, handler) {
      live.set(topic, (live.get(topic) ?? 0) + 1);
      const stop = transport.subscribe(topic, handler);
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        live.set(topic, live.get(topic)! - 1);
        stop();
      };
    },
  };
  return { bus: createBus(counted), live: (topic: string) => live.get(topic) ?? 0 };
}

t.test('gateway on an async bus: the first socket to join hears what the actor publishes with its join', async (t) => {
  const { bus, live } = countingBus();
  const srv = await startServer({}, { sessions: [echoSession], bus });
  t.teardown(() => srv.close());
  const a = await connect(srv.wsUrl('/echo/ws'));
  a.send({ type: 'hello', room: 'r1', text: 'first' });
  t.match(await a.next('said'), { text: 'first', count: 1 }, 'the $bind and the session event arrive in publish order');
  t.equal(live('room/r1'), 1, 'one bus subscription relays the session topic');
  const b = await connect(srv.wsUrl('/echo/ws'));
  b.send({ type: 'hello', room: 'r1', text: 'second' });
  t.match(await b.next('said'), { text: 'second', count: 2 });
  t.match(await a.next('said'), { text: 'second', count: 2 });
  t.equal(live('room/r1'), 1, 'still one subscription for two sockets');

  a.send({ type: 'hello', room: 'r2', text: 'x' });
  await a.next((f) => f.type === 'said' && f.text === 'x');
  t.equal(live('room/r2'), 1, 'the relay held for the join became the socket’s subscription');
  a.send({ type: 'boom', room: 'r3' });
  t.match(await a.next('error'), { code: 'SERVER_ERROR' });
  t.equal(live('room/r3'), 1, 'a message that joined nothing still holds its relay while the socket lives');
  await a.close();
  t.equal(live('room/r1'), 1, 'the other socket keeps the relay');
  await b.close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.equal(live('room/r1'), 0, 'the last socket to go drops the relay');
  t.equal(live('room/r2') + live('room/r3'), 0, 'and a closed socket holds nothing');
});
