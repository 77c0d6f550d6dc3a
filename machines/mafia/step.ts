import { out, type Outgoing } from '../../src/contract/index.js';
import type { GameContext } from './types.js';
import type { MafiaErrorCode } from './errors.js';

/** The result of one rule: the next context and what to tell whom, in order. */
export interface Step {
  context: GameContext;
  out: Outgoing[];
}

/** A wire event `{type, payload}` of seed 000. */
export const event = (type: string, payload: Record<string, unknown>) => ({ type, payload });

export const toSession = (type: string, payload: Record<string, unknown>) => out('session', event(type, payload));
export const toSender = (type: string, payload: Record<string, unknown>) => out('sender', event(type, payload));
export const toPlayer = (playerId: string, type: string, payload: Record<string, unknown>) =>
  out({ member: playerId }, event(type, payload));

/** A private notification; `data` carries the machine-readable facts the message states. */
export const notify = (playerId: string, type: string, message: string, data?: Record<string, unknown>) =>
  toPlayer(playerId, 'PRIVATE_NOTIFICATION', data ? { type, message, data } : { type, message });

/** Refuse the message being handled: the sender hears an ERROR, nothing changes. */
export const reject = (context: GameContext, code: MafiaErrorCode, message: string): Step => ({
  context,
  out: [toSender('ERROR', { code, message })],
});
