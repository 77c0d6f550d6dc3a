import * as io from 'io-ts';
import { assign, emit, setup } from 'xstate';
import { codecsByTag, decodeTagged, parseObject } from '../../src/protocol/index.js';
import { definePrivateFields, join, out, type Sender } from '../../src/contract/index.js';
import { defineActorKind } from '../../src/runtime/index.js';
import { defineSession } from '../../src/sessions/define-session.js';

/**
 * A tiny session type with secrets, for the live view's tests: its context holds hole
 * cards and a session token, it answers privately, and it closes itself on a timer
 * (a transition the host's observer does not see).
 */
const Unlock = io.type({ type: io.literal('unlock'), vault: io.string, session_token: io.string });
const Touch = io.type({ type: io.literal('touch'), vault: io.string });
const codecs = codecsByTag([Unlock, Touch]);

type VaultEvent = { type: 'unlock'; session_token: string; $from: Sender } | { type: 'touch'; $from: Sender };

export const vaultMachine = setup({
  types: {
    context: {} as { owner: string | null; holeCards: string[]; sessionToken: string | null; touches: number },
    events: {} as VaultEvent,
  },
}).createMachine({
  id: 'vault',
  context: { owner: null, holeCards: ['As', 'Ad'], sessionToken: null, touches: 0 },
  initial: 'locked',
  states: {
    locked: {
      on: {
        unlock: {
          target: 'open',
          actions: [
            assign({ owner: ({ event }) => event.$from.member ?? null, sessionToken: ({ event }) => (event.type === 'unlock' ? event.session_token : null) }),
            emit(({ event }) => out('sender', join(event.$from.member ?? 'anon'))),
            emit(({ context }) => out({ member: context.owner ?? 'anon' }, { type: 'cards', holeCards: context.holeCards })),
            emit(() => out('session', { type: 'opened', session_token: 'leaked?' })),
          ],
        },
      },
    },
    open: {
      on: { touch: { actions: assign({ touches: ({ context }) => context.touches + 1 }) } },
      after: { 300: 'closed' },
    },
    closed: { type: 'final' },
  },
});

/** Its wire family: the test's stand-in for a `src/protocol/<name>.ts` description. */
const vaultWire = {
  name: 'vault',
  title: 'Vault (test session)',
  seed: 'test',
  routes: ['/vault/ws?user=ID'],
  envelope: 'Flat JSON text frames.',
  client: [Unlock, Touch],
  server: [],
  errors: { VALIDATION_ERROR: 'a malformed frame' },
};

export const vaultSession = defineSession({
  name: 'vault',
  machines: () => ({ vault: vaultMachine }),
  privateFields: { vault: definePrivateFields({ fields: ['holeCards', 'sessionToken', 'session_token'] }) },
  wire: [vaultWire],
  create: ({ machines }) => ({
    actors: [defineActorKind({ kind: 'vault', machine: machines.vault, members: (snapshot) => (snapshot.context.owner ? 1 : 0) })],
    sockets: [
      {
        path: '/vault/ws',
        codec: {
          decode(text) {
            const parsed = parseObject(text);
            return parsed.ok ? decodeTagged(parsed.value, codecs) : parsed;
          },
          encode: (event) => JSON.stringify(event),
          error: (code, message) => JSON.stringify({ type: 'error', code, message }),
          codes: { validation: 'VALIDATION_ERROR', rateLimited: 'RATE_LIMITED' },
        },
        authenticate: ({ query }) => ({ member: query.get('user') ?? 'anon' }),
        message: (msg: { type: string; vault: string }) => ({ address: `vault/${msg.vault}`, event: msg }),
      },
    ],
  }),
});
