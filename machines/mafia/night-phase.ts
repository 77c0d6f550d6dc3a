import type { Outgoing } from '../../src/contract/index.js';
import type { EventOf } from './events.js';
import { resolveNight, validateNightAction } from './night.js';
import { senderOf } from './players.js';
import { reject, toSender, toSession, type Step } from './step.js';
import type { GameContext } from './types.js';

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function startNight(context: GameContext, now: number): Step {
  const ms = context.settings.nightMs;
  return {
    context: { ...context, phase: 'NIGHT', subPhase: null, nominee: null, nightActions: {}, deadline: now + ms, timerMs: ms },
    out: [toSession('PHASE_CHANGED', { new_phase: 'NIGHT', duration_sec: seconds(ms), day_number: context.dayNumber })],
  };
}

/** SUBMIT_NIGHT_ACTION: validated against the actor's role and the targets; one per night, final. */
export function submitNightAction(context: GameContext, event: EventOf<'SUBMIT_NIGHT_ACTION'>): Step {
  const me = senderOf(context, event);
  if (!me) return reject(context, 'NOT_IN_GAME', 'you are not a player of this game');
  if (!me.active) return reject(context, 'PLAYER_INACTIVE', 'deactivated players have no night actions');
  if (me.id in context.nightActions) return reject(context, 'ALREADY_SUBMITTED', 'you already submitted your night action');
  const action = { type: event.payload.type, data: event.payload.data };
  const refusal = validateNightAction(context, me, action);
  if (refusal) return reject(context, refusal.code, refusal.message);
  return {
    context: { ...context, nightActions: { ...context.nightActions, [me.id]: action } },
    out: [toSender('NIGHT_ACTION_ACCEPTED', action)],
  };
}

/** Dawn: resolve every night action in the documented order and publish the results. */
export function endNight(context: GameContext): Step {
  const night = resolveNight(context, context.dayNumber);
  const patch = Object.values(context.nightActions).find((a) => a.type === 'PATCH');
  const outs: Outgoing[] = [toSession('NIGHT_ACTIONS_RESOLVED', { results: night.results }), ...night.out];
  return {
    context: {
      ...context,
      players: night.players,
      lastPatchTarget: patch?.data.target_player_id ?? null,
      lastConversionNight: night.converted ? context.dayNumber : context.lastConversionNight,
      nextDay: {
        reallocation: night.reallocation,
        afflicted: [...new Set([...context.nextDay.afflicted, ...night.afflicted])],
        bonus: context.nextDay.bonus,
      },
    },
    out: outs,
  };
}
