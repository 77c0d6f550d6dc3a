import t from 'tap';
import * as io from 'io-ts';
import { assign, emit, setup } from 'xstate';
import { createBus, createDeferredTransport, type Transport } from '../../src/bus/index.js';
import { join, out, type WireCodec } from '../../src/contract/index.js';
import { defineConfigSection } from '../../src/config/index.js';
import { intSetting } from '../../src/config/setting.js';
import { boundedString, codecsByTag, decodeTagged, parseObject } from '../../src/protocol/index.js';
import { renderWireFamilies } from '../../src/protocol/render-docs.js';
import type { WireFamily } from '../../src/protocol/wire-family.js';
import { renderConfigTable } from '../../src/config/config-table.js';
import { registeredMachines, renderChart } from '../../src/charts/index.js';
import { defineActorKind } from '../../src/runtime/index.js';
import { buildSession } from '../../src/sessions/build-session.js';
import { defineSession } from '../../src/sessions/define-session.js';
import { loadConfig } from '../../src/config/index.js';
import { catalogOf } from '../../src/sessions/session-catalog.js';
import { connect, http } from '../support/client.js';
import { startServer } from '../support/server.js';

// A complete session type, built step by step as README.md "Adding a session type" says.

// 1. The machine (machines/echo/room-machine.ts): it talks to the world only through emit(out(...)) and join().
const roomMachine = setup({
  types: { context: {} as { count: number }, events: {} as { type: string; text?: string; $from: { member?: string } } },
}).createMachine({
  id: 'room',
  context: { count: 0 },
  on: {
    hello: {
      actions: [
        assign({ count: ({ context }) => context.count + 1 }),
        emit(({ event }) => out('sender', join(event.$from.member ?? 'anon'))),
        emit(({ event, context }) => out('session', { type: 'said', text: event.text, count: context.count })),
      ],
    },
    boom: { actions: () => { throw new Error('machine bug'); } },
  },
});

// 2. The codecs, the wire codec and the wire description (src/protocol/echo.ts).
const echoCodecs = (maxText: number) => [
  io.type({ type: io.literal('hello'), room: io.string, text: boundedString(maxText, 'string') }),
  io.type({ type: io.literal('boom'), room: io.string }),
];
type EchoMessage = { type: string; room: string };
const createEchoCodec = (maxText: number): WireCodec<EchoMessage> => {
  const byType = codecsByTag(echoCodecs(maxText));
  return {
    decode: (text) => { const parsed = parseObject(text); return parsed.ok ? decodeTagged(parsed.value, byType) : parsed; },
    encode: (event) => JSON.stringify(event),
    error: (code, message) => JSON.stringify({ type: 'error', code, message }),
    codes: { validation: 'VALIDATION_ERROR', rateLimited: 'RATE_LIMITED' },
  };
};
const echoWire: WireFamily = {
  name: 'echo', title: 'Echo room', seed: 'none', routes: ['/echo/ws'], envelope: 'Flat JSON text frames.',
  client: echoCodecs(200), server: [], errors: { VALIDATION_ERROR: 'a malformed frame' },
};

// 3. Its settings (src/config/echo.ts).
const echoConfig = defineConfigSection({
  key: 'echo', title: 'Echo room',
  settings: { maxTextChars: intSetting('ECHO_MAX_TEXT_CHARS', 200, 'longest `hello` text') },
  derive: (v) => v,
});

// 4. The session type (src/sessions/echo/index.ts).
const echoSession = defineSession({
  name: 'echo',
  config: echoConfig,
  machines: () => ({ room: roomMachine }),
  wire: [echoWire],
  create: ({ config, machines }) => ({
    actors: [defineActorKind({ kind: 'room', machine: machines.room })],
    sockets: [{ path: '/echo/ws', codec: createEchoCodec(config.echo.maxTextChars), message: (msg: EchoMessage) => ({ address: `room/${msg.room}`, event: msg }) }],
  }),
});

// 5. One line in the session list (src/sessions/index.ts); docs and charts derive from it.
const sessions = [echoSession];

t.test('recipe: docs, the config table and the charts come from the session list', async (t) => {
  const { wireFamilies, configSections } = catalogOf(sessions);
  t.match(renderWireFamilies(wireFamilies), [['echo.md', /### `hello`[^]*\| `text` \| string \| yes \|/]], 'npm run docs: docs/protocol/echo.md');
  t.match(renderConfigTable(configSections), /\*\*Echo room\*\*[^]*\| `ECHO_MAX_TEXT_CHARS` \| `200` \| longest `hello` text \|/, 'the README table');
  const [room] = registeredMachines(sessions);
  t.match(room, { session: 'echo', kind: 'room', machine: roomMachine }, 'npm run charts: the machine, without building the session');
  t.match((await renderChart(room.machine, room)).svg, /^<svg/, 'and its chart');
});

t.test('gateway: a frame reaches its actor and the actor fans out to the session', async (t) => {
  const srv = await startServer({ ECHO_MAX_TEXT_CHARS: '20' }, { sessions });
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
  a.send({ type: 'hello', room: 'r1', text: 'x'.repeat(21) });
  t.match(await a.next('error'), { code: 'VALIDATION_ERROR', message: /^text:/ }, 'its setting, from the environment, reaches its codec');

  a.send({ type: 'boom', room: 'r1' });
  t.match(await a.next('error'), { code: 'SERVER_ERROR' }, 'a throwing machine answers the sender with an error');
  b.send({ type: 'hello', room: 'r1', text: 'still here' });
  t.match(await b.next('said'), { text: 'still here', count: 3 }, 'the actor was restored with its state');

  const health = await http(srv.url, 'GET', '/healthz');
  t.equal(health.status, 200);
  t.match(health.body, { status: 'ok', sessions: ['echo'] });
  const metrics = await http(srv.url, 'GET', '/metrics');
  t.match(metrics.body, /actorcade_frames_in_total\{route="\/echo\/ws"\} 7\n/, 'every frame received is counted once');
  t.match(metrics.body, /actorcade_decode_errors_total\{route="\/echo\/ws"\} 3\n/);
  const again = await http(srv.url, 'GET', '/metrics');
  t.match(again.body, /actorcade_frames_in_total\{route="\/echo\/ws"\} 7\n/, 'a second scrape does not count twice');
  await a.close();
  await b.close();
});

t.test('recipe: the server refuses a session whose live parts are not what it declares', async (t) => {
  const deps = { config: loadConfig({}), store: {} } as unknown as Parameters<typeof buildSession>[1];
  const socket = { path: '/echo/ws', codec: createEchoCodec(20), message: () => undefined };
  const variant = (create: () => { actors: ReturnType<typeof defineActorKind>[]; sockets: (typeof socket)[] }, repositories?: string[]) =>
    buildSession(defineSession({ name: 'echo', machines: () => ({ room: roomMachine }), wire: [echoWire], repositories, create }), deps);
  await t.rejects(variant(() => ({ actors: [defineActorKind({ kind: 'room', machine: setup({}).createMachine({}) })], sockets: [socket] })), /runs another machine than it declares/);
  await t.rejects(variant(() => ({ actors: [], sockets: [socket] })), /declared actor kinds without a live actor kind: room/);
  await t.rejects(variant(() => ({ actors: [defineActorKind({ kind: 'room', machine: roomMachine })], sockets: [{ ...socket, path: '/other/ws' }] })), /socket \/other\/ws is in none of its wire families/);
  await t.rejects(variant(() => ({ actors: [], sockets: [] }), ['rooms']), /the store has no "rooms" repository/);
  const provided = roomMachine.provide({});
  await t.resolves(variant(() => ({ actors: [defineActorKind({ kind: 'room', machine: provided })], sockets: [socket] })), 'a .provide()d machine is the declared one');
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
