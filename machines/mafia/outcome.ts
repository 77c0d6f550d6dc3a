import { toSession, type Step } from './step.js';
import type { Alignment, GameContext } from './types.js';
import { finalPlayerStates } from './views.js';

export interface Outcome {
  winner: Alignment;
  reasonCode: 'ALL_AI_DEACTIVATED' | 'AI_REACHED_PARITY' | 'RUNWAY_EXHAUSTED';
  reason: string;
}

/**
 * The win conditions: the employees win when no AI member is active; the AI wins as soon
 * as active AI members are at least as many as active employees.
 */
export function outcomeOf(context: GameContext): Outcome | null {
  const active = context.players.filter((p) => p.active);
  const ai = active.filter((p) => p.alignment === 'ROGUE_AI').length;
  const employees = active.length - ai;
  if (ai === 0) return { winner: 'EMPLOYEES', reasonCode: 'ALL_AI_DEACTIVATED', reason: 'Every rogue AI process has been deactivated.' };
  if (ai >= employees) {
    return { winner: 'ROGUE_AI', reasonCode: 'AI_REACHED_PARITY', reason: 'The AI controls as many seats as the remaining employees.' };
  }
  return null;
}

/** After the last day (MAFIA_MAX_DAYS) the company runs out of runway: a surviving AI wins. */
export const runwayOutcome = (): Outcome => ({
  winner: 'ROGUE_AI',
  reasonCode: 'RUNWAY_EXHAUSTED',
  reason: 'The company ran out of runway before the AI was contained.',
});

export function endGame(context: GameContext, outcome: Outcome): Step {
  const next: GameContext = {
    ...context,
    phase: 'END',
    subPhase: null,
    winner: outcome.winner,
    endReason: outcome.reasonCode,
    exitInterview: null,
  };
  return {
    context: next,
    out: [
      toSession('PHASE_CHANGED', { new_phase: 'END', duration_sec: 0, day_number: next.dayNumber }),
      toSession('GAME_ENDED', {
        winning_faction: outcome.winner,
        reason: outcome.reason,
        reason_code: outcome.reasonCode,
        player_states: finalPlayerStates(next),
      }),
    ],
  };
}
