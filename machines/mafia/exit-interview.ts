import type { Outgoing } from '../../src/contract/index.js';
import type { EventOf } from './events.js';
import { playerById, senderOf, tell, withPlayer } from './players.js';
import { reject, toSession, type Step } from './step.js';
import type { GameContext } from './types.js';

/**
 * SUBMIT_EXIT_INTERVIEW, by the player deactivated today, once, until the night ends:
 * - HANDOFF: the target's vote weighs one more next day (public).
 * - CONFIDENTIAL_FEEDBACK: the target alone receives the feedback and the departed
 *   player's private intelligence dossier (public only learns that feedback was filed).
 * - BURN_BRIDGES: the target cannot vote next day (public).
 * `final_status` becomes the departed player's public status.
 */
export function submitExitInterview(context: GameContext, event: EventOf<'SUBMIT_EXIT_INTERVIEW'>): Step {
  const me = senderOf(context, event);
  if (!me) return reject(context, 'NOT_IN_GAME', 'you are not a player of this game');
  const window = context.exitInterview;
  if (!window || window.playerId !== me.id) {
    return reject(context, 'NOT_ELIGIBLE', 'only the player deactivated today may give an exit interview, before the night ends');
  }
  if (window.submitted) return reject(context, 'ALREADY_SUBMITTED', 'you already gave your exit interview');
  const { action, target_player_id, final_status, feedback } = event.payload;
  if (target_player_id === undefined) {
    return reject(context, 'VALIDATION_ERROR', `target_player_id: required for ${action}`);
  }
  const target = playerById(context, target_player_id);
  if (!target?.active) return reject(context, 'INVALID_TARGET', 'target_player_id: required, an active player of this game');

  const publicTarget = action === 'CONFIDENTIAL_FEEDBACK' ? {} : { target_player_id: target.id };
  const outs: Outgoing[] = [
    toSession('EXIT_INTERVIEW_SUBMITTED', { player_id: me.id, action, final_status, ...publicTarget }),
    toSession('PLAYER_STATUS_UPDATED', { player_id: me.id, status: final_status }),
  ];
  const nextDay = { ...context.nextDay };
  let players = withPlayer(context.players, me.id, (p) => ({ ...p, status: final_status }));
  const day = context.dayNumber;
  if (action === 'HANDOFF') {
    nextDay.bonus = [...nextDay.bonus, target.id];
    players = tell(players, target.id, day, 'HANDOFF_RECEIVED', `${me.name} handed their work to you: your vote weighs one more tomorrow.`, { from_player_id: me.id }, outs);
  } else if (action === 'BURN_BRIDGES') {
    nextDay.afflicted = [...new Set([...nextDay.afflicted, target.id])];
    players = tell(players, target.id, day, 'BRIDGES_BURNED', `${me.name} burned bridges with you on the way out: you cannot vote tomorrow.`, { from_player_id: me.id }, outs);
  } else {
    const text = feedback ?? final_status;
    players = tell(players, target.id, day, 'CONFIDENTIAL_FEEDBACK', `Confidential feedback from ${me.name}: ${text}`, {
      from_player_id: me.id,
      from_player_name: me.name,
      feedback: text,
      dossier: me.intel,
    }, outs);
  }
  return { context: { ...context, players, nextDay, exitInterview: { ...window, submitted: true } }, out: outs };
}
