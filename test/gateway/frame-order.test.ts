import t from 'tap';
import * as io from 'io-ts';
import { emit, setup } from 'xstate';
import { join, out, type WireCodec } from '../../src/contract/index.js';
import { codecsByTag, decodeTagged, parseObject } from '../../src/protocol/index.js';
import type { WireFamily } from '../../src/protocol/wire-family.js';
import { defineActorKind } from '../../src/runtime/index.js';
import { defineSession } from '../../src/sessions/define-session.js';
import { connect } from '../support/client.js';
import { startServer } from '../support/server.js';

// What one step emits reaches each socket in emit order, whichever audience each event has: the
// session topic (several sockets: uWS publish), the member's own topic and the sender's (one
// socket: sent directly). A client reads a turn's events as one story (a deal, then the prompt).

const room = setup({
  types: { events: {} as { type: string; name?: string; $from: { member?: string } } },
}).createMachine({
  id: 'ordered-room',
  on: {
    enter: { actions: emit(({ event }) => out('sender', join(event.name!))) },
    turn: {
      actions: [
        emit(() => out('session', { type: 'step', n: 1 })),
        emit(({ event }) => out({ member: event.$from.member! }, { type: 'step', n: 2 })),
        emit(() => out('session', { type: 'step', n: 3 })),
        emit(() => out('sender', { type: 'step', n: 4 })),
        emit(({ event }) => out({ member: event.$from.member! }, { type: 'step', n: 5 })),
        emit(() => out('session', { type: 'step', n: 6 })),
      ],
    },
  },
});

const messages = [
  io.type({ type: io.literal('enter'), room: io.string, name: io.string }),
  io.type({ type: io.literal('turn'), room: io.string }),
];
const byType = codecsByTag(messages);
const codec: WireCodec<{ type: string; room: string }> = {
  decode: (text) => {
    const parsed = parseObject(text);
    return parsed.ok ? decodeTagged(parsed.value, byType) : parsed;
  },
  encode: (event) => JSON.stringify(event),
  error: (code, message) => JSON.stringify({ type: 'error', code, message }),
  codes: { validation: 'VALIDATION_ERROR', rateLimited: 'RATE_LIMITED' },
};
const wire: WireFamily = {
  name: 'ordered', title: 'Ordered room', seed: 'none', routes: ['/ordered/ws'], envelope: 'Flat JSON text frames.',
  client: messages, server: [], errors: { VALIDATION_ERROR: 'a malformed frame' },
};
const session = defineSession({
  name: 'ordered',
  machines: () => ({ oroom: room }),
  wire: [wire],
  create: ({ machines }) => ({
    actors: [defineActorKind({ kind: 'oroom', machine: machines.oroom })],
    sockets: [{ path: '/ordered/ws', codec, message: (msg: { type: string; room: string }) => ({ address: `oroom/${msg.room}`, event: msg }) }],
  }),
});

t.test('gateway: a step’s events reach each socket in emit order across session, member and sender audiences', async (t) => {
  const srv = await startServer({}, { sessions: [session] });
  t.teardown(() => srv.close());
  const ann = await connect(srv.wsUrl('/ordered/ws'));
  const bob = await connect(srv.wsUrl('/ordered/ws'));
  for (const [c, name] of [[ann, 'ann'], [bob, 'bob']] as const) {
    c.send({ type: 'enter', room: 'r1', name });
    c.send({ type: 'turn', room: 'r1' });
    await c.next((f) => f.type === 'step' && f.n === 6);
  }
  const steps = (c: typeof ann) => c.received.filter((f) => f?.type === 'step').map((f) => f.n);
  for (let round = 0; round < 20; round++) {
    ann.send({ type: 'turn', room: 'r1' });
    bob.send({ type: 'turn', room: 'r1' });
  }
  const total = (c: typeof ann) => steps(c).filter((n) => n === 6).length;
  // ann hears all 21 turns of bob's; bob joined after ann's first turn, so 20 of ann's.
  await ann.next(() => total(ann) >= 42);
  await bob.next(() => total(bob) >= 41);
  // Each of a socket's own turns reads 1 2 3 4 5 6; the other's turn, 1 3 6, never interleaved with it.
  for (const [c, label] of [[ann, 'ann'], [bob, 'bob']] as const) {
    const seen = steps(c).join(' ');
    const turns = seen.replace(/1 2 3 4 5 6/g, 'own').replace(/1 3 6/g, 'other').split(' ');
    t.same([...new Set(turns)].sort(), ['other', 'own'], `${label} hears only whole turns, in emit order`);
    t.equal(turns.filter((x) => x === 'own').length, 21, `${label}: every own turn`);
  }
  await ann.close();
  await bob.close();
});
