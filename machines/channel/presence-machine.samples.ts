import { defineSamples } from '../machine-samples.js';
import { presenceMachine, type PresenceEvent } from './presence-machine.js';

/** Two sockets of one user, each connecting, going idle, coming back and closing. */
const socketEvents = (conn: string): PresenceEvent[] =>
  (['$connect', '$idle', '$active', '$disconnect'] as const).map((type) => ({ type, $from: { conn, member: 'ann' }, $at: 1_000 }));

export default defineSamples({
  machine: presenceMachine,
  input: { userId: 'ann' },
  events: [...socketEvents('a'), ...socketEvents('b')],
  // Counts beyond two sockets behave as two: bounded, so the explorer terminates.
  key: (context) => ({ active: Math.min(context.active, 2), idle: Math.min(context.idle, 2) }),
});
