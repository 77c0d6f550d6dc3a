import type { Outgoing } from '../../src/contract/index.js';
import { drawCrisis, pulsePromptFor } from './crises.js';
import type { EventOf } from './events.js';
import { advanceKpi, playerById, senderOf, tell, withPlayer } from './players.js';
import { reject, toSession, type Step } from './step.js';
import type { GameContext } from './types.js';
import { dayVoteWeights, eligibleJurors, eligibleNominators, nominationBarrier, tallyNominations, tallyVerdict, verdictBarrier } from './votes.js';

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Open day `day`: draw its crisis, set vote weights and afflictions from the night, announce it. */
export function startDay(context: GameContext, day: number, now: number): Step {
  const [crisis, rng] = drawCrisis(context.rng, context.crisis?.crisis_id ?? null);
  const duration = Math.round(context.settings.dayMs * (crisis.crisis_id === 'MANDATORY_OVERTIME' ? 1.5 : 1));
  const frozen = crisis.crisis_id === 'BUDGET_FREEZE';
  const outs: Outgoing[] = [];
  let players = context.players;
  if (day === 3) for (const p of players) if (p.active) players = advanceKpi(players, p.id, 'SURVIVOR', 1, day, outs);
  const next: GameContext = {
    ...context,
    players,
    rng,
    phase: 'DAY',
    subPhase: 'NOMINATION',
    dayNumber: day,
    deadline: now + duration,
    timerMs: duration,
    crisis,
    pulsePrompt: pulsePromptFor(day),
    pulseChecks: [],
    voteWeights: dayVoteWeights(context.players, context.nextDay, frozen),
    afflicted: context.nextDay.afflicted.filter((id) => playerById(context, id)?.active),
    nominations: {},
    nominee: null,
    verdicts: {},
    nightActions: {},
    nextDay: { reallocation: null, afflicted: [], bonus: [] },
    exitInterview: null,
  };
  outs.unshift(
    toSession('PHASE_CHANGED', {
      new_phase: 'DAY',
      duration_sec: seconds(duration),
      day_number: day,
      crisis_event: crisis,
      pulse_check_prompt: next.pulsePrompt,
      vote_weights: next.voteWeights,
    }),
  );
  return { context: next, out: outs };
}

/** SUBMIT_VOTE during the nomination: `vote_target_id`, one final vote per eligible player. */
export function nominate(context: GameContext, event: EventOf<'SUBMIT_VOTE'>): Step {
  const me = senderOf(context, event);
  if (!me) return reject(context, 'NOT_IN_GAME', 'you are not a player of this game');
  if (!me.active) return reject(context, 'PLAYER_INACTIVE', 'deactivated players cannot vote');
  const targetId = event.payload.vote_target_id;
  if (targetId === undefined) return reject(context, 'VALIDATION_ERROR', 'vote_target_id: required during the nomination');
  const barrier = nominationBarrier(context, me.id);
  if (barrier) return reject(context, 'NOT_ELIGIBLE', barrier);
  if (me.id in context.nominations) return reject(context, 'ALREADY_VOTED', 'you already nominated today; votes are final');
  const target = playerById(context, targetId);
  if (!target?.active) return reject(context, 'INVALID_TARGET', 'vote_target_id: not an active player of this game');
  if (target.id === me.id) return reject(context, 'INVALID_TARGET', 'you cannot nominate yourself');
  return {
    context: { ...context, nominations: { ...context.nominations, [me.id]: target.id } },
    out: [toSession('VOTE_CAST', { voter_id: me.id, vote_target_id: target.id, weight: context.voteWeights[me.id] })],
  };
}

export const nominationComplete = (context: GameContext) =>
  eligibleNominators(context).every((id) => id in context.nominations);

/** Close the nomination: publish the tally and the nominee (or none: no votes, or a tie at the top). */
export function closeNomination(context: GameContext): Step {
  const { tally, nominee } = tallyNominations(context);
  const name = nominee ? playerById(context, nominee)!.name : null;
  return {
    context: { ...context, nominee },
    out: [toSession('NOMINATION_CLOSED', { nominee_id: nominee, nominee_name: name, tally })],
  };
}

export function openVerdict(context: GameContext, now: number): Step {
  const ms = context.settings.verdictMs;
  const nominee = playerById(context, context.nominee!)!;
  return {
    context: { ...context, subPhase: 'VERDICT', deadline: now + ms, timerMs: ms, verdicts: {} },
    out: [toSession('VERDICT_STARTED', { nominee_id: nominee.id, nominee_name: nominee.name, duration_sec: seconds(ms) })],
  };
}

/** SUBMIT_VOTE during the verdict: `verdict` YES or NO, one final vote per eligible juror. */
export function castVerdict(context: GameContext, event: EventOf<'SUBMIT_VOTE'>): Step {
  const me = senderOf(context, event);
  if (!me) return reject(context, 'NOT_IN_GAME', 'you are not a player of this game');
  if (!me.active) return reject(context, 'PLAYER_INACTIVE', 'deactivated players cannot vote');
  const verdict = event.payload.verdict;
  if (verdict === undefined) return reject(context, 'VALIDATION_ERROR', 'verdict: required (YES or NO) during the verdict vote');
  const barrier = verdictBarrier(context, me.id);
  if (barrier) return reject(context, 'NOT_ELIGIBLE', barrier);
  if (me.id in context.verdicts) return reject(context, 'ALREADY_VOTED', 'you already voted on this verdict; votes are final');
  const outs: Outgoing[] = [toSession('VOTE_CAST', { voter_id: me.id, verdict, weight: context.voteWeights[me.id] })];
  const verdictDays = [...me.stats.verdictDays, context.dayNumber];
  let players = withPlayer(context.players, me.id, (p) => ({ ...p, stats: { ...p.stats, verdictDays } }));
  players = advanceKpi(players, me.id, 'DECISION_MAKER', verdictDays.length, context.dayNumber, outs);
  return { context: { ...context, players, verdicts: { ...context.verdicts, [me.id]: verdict } }, out: outs };
}

export const verdictComplete = (context: GameContext) => eligibleJurors(context).every((id) => id in context.verdicts);

/**
 * Close the verdict: strictly more weighted YES than NO deactivates the nominee, revealing
 * role and alignment; they may then give an exit interview until the end of the night.
 */
export function closeVerdict(context: GameContext): Step {
  const nomineeId = context.nominee!;
  const { yes, no, deactivate } = tallyVerdict(context.verdicts, context.voteWeights);
  const outs: Outgoing[] = [toSession('VERDICT_CLOSED', { nominee_id: nomineeId, yes, no, deactivated: deactivate })];
  if (!deactivate) return { context, out: outs };
  let players = withPlayer(context.players, nomineeId, (p) => ({ ...p, active: false, deactivatedOnDay: context.dayNumber }));
  const gone = playerById({ ...context, players }, nomineeId)!;
  outs.push(toSession('PLAYER_DEACTIVATED', { player_id: gone.id, revealed_role: gone.role, revealed_alignment: gone.alignment }));
  players = tell(players, gone.id, context.dayNumber, 'EXIT_INTERVIEW_AVAILABLE', 'You have been deactivated. Submit your exit interview before the night ends.', {
    actions: ['HANDOFF', 'CONFIDENTIAL_FEEDBACK', 'BURN_BRIDGES'],
  }, outs);
  for (const [voter, target] of Object.entries(context.nominations)) {
    if (target === nomineeId) players = advanceKpi(players, voter, 'TALENT_SCOUT', 1, context.dayNumber, outs);
  }
  return {
    context: { ...context, players, exitInterview: { playerId: gone.id, day: context.dayNumber, submitted: false } },
    out: outs,
  };
}

