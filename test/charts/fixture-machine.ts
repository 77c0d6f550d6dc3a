import { and, assign, not, or, setup } from 'xstate';

/**
 * A made-up card table that uses every construct a chart must draw: nested and
 * parallel states, initial and final states, deep history, guards combined with
 * `and`/`or`/`not`, an inline guard, named and numeric delays, eventless transitions
 * and targetless reactions.
 */
export const fixtureMachine = setup({
  types: {
    context: {} as { players: number; hands: number; holeCards: string[]; sessionToken: string },
    events: {} as
      | { type: 'SIT' }
      | { type: 'LEAVE' }
      | { type: 'START' }
      | { type: 'BET'; amount: number }
      | { type: 'FOLD' }
      | { type: 'PAUSE' }
      | { type: 'RESUME' }
      | { type: 'CHAT'; text: string }
      | { type: 'CLOSE' },
  },
  guards: {
    enoughPlayers: ({ context }) => context.players >= 2,
    tableFull: ({ context }) => context.players >= 9,
    validBet: ({ event }) => event.type === 'BET' && event.amount > 0,
    lastStreet: () => false,
  },
  delays: { turnTimeout: 15_000 },
}).createMachine({
  id: 'table',
  context: { players: 0, hands: 0, holeCards: ['As', 'Kd'], sessionToken: 'secret' },
  initial: 'waiting',
  on: { CHAT: { actions: assign({ hands: ({ context }) => context.hands }) } },
  states: {
    waiting: {
      description: 'Seats are filling up.',
      on: {
        SIT: [{ guard: not('tableFull'), actions: assign({ players: ({ context }) => context.players + 1 }) }],
        LEAVE: { actions: assign({ players: ({ context }) => Math.max(0, context.players - 1) }) },
        START: { guard: and(['enoughPlayers', not('tableFull')]), target: 'playing' },
        CLOSE: 'closed',
      },
    },
    playing: {
      type: 'parallel',
      on: { PAUSE: 'paused' },
      states: {
        betting: {
          initial: 'preflop',
          states: {
            preflop: { on: { BET: { guard: 'validBet', target: 'flop' } }, after: { turnTimeout: 'flop' } },
            flop: { on: { BET: { guard: 'validBet', target: 'river' } }, after: { 15000: 'river' } },
            river: {
              on: { BET: [{ guard: or(['validBet', 'lastStreet']), target: 'showdown' }], FOLD: 'showdown' },
            },
            showdown: { type: 'final' },
          },
          onDone: { target: '#table.waiting', actions: assign({ hands: ({ context }) => context.hands + 1 }) },
        },
        clock: {
          initial: 'running',
          states: {
            running: { after: { 1000: { target: 'running', reenter: true } } },
          },
        },
        history: { type: 'history', history: 'deep' },
      },
    },
    paused: {
      on: { RESUME: '#table.playing.history' },
      always: { guard: ({ context }) => context.players === 0, target: 'waiting' },
    },
    closed: { type: 'final' },
  },
});
