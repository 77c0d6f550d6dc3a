import { assign, emit, setup } from 'xstate';
import { out, type Outgoing, type Sender } from '../../src/contract/index.js';

/**
 * A user's presence across all their sockets (seed 003): online while any socket is
 * active, idle when every socket has been quiet past the idle threshold, offline when
 * the last socket closes. Every change is published as `presence_update` on the user's
 * presence topic, which the sockets of those who share a channel with the user hear.
 *
 * The context is two counts, not a map of sockets: each socket event is O(1) however many
 * sockets the user holds (a map copied per event made closing 5,000 sockets quadratic). The
 * gateway route reports each socket's transitions exactly once (`$connect` active,
 * `$idle`/`$active` on a change, `$disconnect` with whether it was idle).
 */

/** The topic a user's presence is published on. */
export const presenceTopic = (userId: string) => `presence/${userId}`;

export interface PresenceContext {
  userId: string;
  /** Open sockets of the user that are active. */
  active: number;
  /** Open sockets of the user that have been quiet past the idle threshold. */
  idle: number;
}

export type PresenceEvent =
  | { type: '$connect' | '$idle' | '$active'; $from: Sender; $at: number }
  | { type: '$disconnect'; idle?: boolean; $from: Sender; $at: number };

type Status = 'online' | 'idle' | 'offline';
const announce = (status: Status) => ({ type: 'announce', params: { status } }) as const;

const counted = (context: PresenceContext, event: PresenceEvent): Pick<PresenceContext, 'active' | 'idle'> => {
  const { active, idle } = context;
  switch (event.type) {
    case '$connect':
      return { active: active + 1, idle };
    case '$idle':
      return active > 0 ? { active: active - 1, idle: idle + 1 } : { active, idle };
    case '$active':
      return idle > 0 ? { active: active + 1, idle: idle - 1 } : { active, idle };
    case '$disconnect':
      if (event.idle === true && idle > 0) return { active, idle: idle - 1 };
      if (active > 0) return { active: active - 1, idle };
      return { active, idle: Math.max(0, idle - 1) };
  }
};

export const presenceMachine = setup({
  types: { context: {} as PresenceContext, events: {} as PresenceEvent, input: {} as { userId: string }, emitted: {} as Outgoing },
  guards: {
    anyActive: ({ context }) => context.active > 0,
    anySocket: ({ context }) => context.active + context.idle > 0,
    noSocket: ({ context }) => context.active + context.idle === 0,
    allIdle: ({ context }) => context.active === 0 && context.idle > 0,
  },
  actions: {
    announce: emit(({ context }, { status }: { status: Status }) =>
      out({ topic: presenceTopic(context.userId) }, { type: 'presence_update', user_id: context.userId, status }),
    ),
    track: assign(({ context, event }) => counted(context, event)),
  },
}).createMachine({
  id: 'presence',
  context: ({ input }) => ({ userId: input.userId, active: 0, idle: 0 }),
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
        { guard: 'noSocket', target: 'offline', actions: announce('offline') },
        { guard: 'allIdle', target: 'idle', actions: announce('idle') },
      ],
    },
    idle: {
      always: [
        { guard: 'noSocket', target: 'offline', actions: announce('offline') },
        { guard: 'anyActive', target: 'online', actions: announce('online') },
      ],
    },
  },
});
