import { and, assign, emit, not, setup } from 'xstate';
import { out, type Outgoing, type Sender } from '../../src/contract/index.js';

/**
 * A user's presence across all their sockets (seed 003): online while any socket is
 * active, idle when every socket has been quiet past the idle threshold, offline when
 * the last socket closes. Every change is published as `presence_update`.
 */

/** The topic every channel socket hears presence on. */
export const PRESENCE_TOPIC = 'presence';

export interface PresenceContext {
  userId: string;
  /** socket id → whether it is active or idle */
  sockets: Record<string, 'active' | 'idle'>;
}

export type PresenceEvent = { type: '$connect' | '$disconnect' | '$idle' | '$active'; $from: Sender; $at: number };

type Status = 'online' | 'idle' | 'offline';
const announce = (status: Status) => ({ type: 'announce', params: { status } }) as const;

export const presenceMachine = setup({
  types: { context: {} as PresenceContext, events: {} as PresenceEvent, input: {} as { userId: string }, emitted: {} as Outgoing },
  guards: {
    anyActive: ({ context }) => Object.values(context.sockets).includes('active'),
    anySocket: ({ context }) => Object.keys(context.sockets).length > 0,
  },
  actions: {
    announce: emit(({ context }, { status }: { status: Status }) =>
      out({ topic: PRESENCE_TOPIC }, { type: 'presence_update', user_id: context.userId, status }),
    ),
    track: assign({
      sockets: ({ context, event }) => {
        const socket = event.$from.conn;
        if (!socket) return context.sockets;
        const sockets = { ...context.sockets };
        if (event.type === '$disconnect') delete sockets[socket];
        else if (event.type === '$connect' || socket in sockets) sockets[socket] = event.type === '$idle' ? 'idle' : 'active';
        return sockets;
      },
    }),
  },
}).createMachine({
  id: 'presence',
  context: ({ input }) => ({ userId: input.userId, sockets: {} }),
  initial: 'offline',
  on: { '*': { actions: 'track' } },
  states: {
    offline: {
      always: [
        { guard: 'anyActive', target: 'online', actions: announce('online') },
        { guard: 'anySocket', target: 'idle', actions: announce('idle') },
      ],
    },
    online: {
      always: [
        { guard: not('anySocket'), target: 'offline', actions: announce('offline') },
        { guard: and([not('anyActive'), 'anySocket']), target: 'idle', actions: announce('idle') },
      ],
    },
    idle: {
      always: [
        { guard: not('anySocket'), target: 'offline', actions: announce('offline') },
        { guard: 'anyActive', target: 'online', actions: announce('online') },
      ],
    },
  },
});
