/**
 * The match's tick: what the runtime runs 60 times a second for a match in `playing`,
 * without an XState transition. Each frame steps the game in the match context in place
 * with the pure advanceMatch(), sends the player its `game_state`, and reports to the
 * machine only what it must hear: a point or a taunt, the winner, or a lost signal (the
 * THONK watchdog). The player's `input_command` and raw `calibration_sample` frames are
 * applied to the game on arrival, in order, before the next step (live-signals.ts).
 */
import { SystemEvent, type BusEvent, type TickSpec } from '../../src/contract/index.js';
import type { CalibrationParams, Signals } from './calibration.js';
import { applyInput, applySample } from './live-signals.js';
import type { MatchContext } from './match-machine.js';
import { advanceMatch, gameStateOf, signalLost, type Direction, type Taunt, type TickState } from './match-tick.js';
import type { MatchSettings } from './settings.js';

/** What the tick tells the match machine (the `$tick.*` system events). */
export type MatchTickEvent =
  | { type: typeof SystemEvent.tickPoint; score: { player: number; ai: number }; taunt: Taunt | null }
  | { type: typeof SystemEvent.tickTaunt; taunt: Taunt }
  | { type: typeof SystemEvent.tickWon; winner: 'player' | 'ai' }
  | { type: typeof SystemEvent.tickLost };

/** The part of a snapshot the tick reads: is the match playing, and its context. */
interface MatchSnapshot {
  context: MatchContext;
  matches(state: 'playing'): boolean;
}

export function createMatchTick(s: MatchSettings): TickSpec<MatchSnapshot, TickState> {
  return {
    hz: s.tickHz,
    field: 'game',
    active: (snapshot) => snapshot.matches('playing'),
    audience: (context) => ({ member: context.id }),
    step(game, now, emit): MatchTickEvent | null {
      if (signalLost(game, now, s)) return { type: SystemEvent.tickLost };
      const { scorePlayer, scoreAi } = game;
      advanceMatch(game, now, s);
      emit(gameStateOf(game, now));
      if (game.winner !== null) return { type: SystemEvent.tickWon, winner: game.winner };
      if (game.scorePlayer !== scorePlayer || game.scoreAi !== scoreAi) {
        return { type: SystemEvent.tickPoint, score: { player: game.scorePlayer, ai: game.scoreAi }, taunt: game.taunt };
      }
      if (game.taunt !== null) return { type: SystemEvent.tickTaunt, taunt: game.taunt };
      return null;
    },
    input: {
      input_command(game, event: BusEvent, now, context: MatchContext) {
        const { direction, rawActivation } = event as unknown as { direction: Direction; rawActivation?: number };
        applyInput(game, context.calibration, direction, now, rawActivation);
        return true;
      },
      calibration_sample(game, event: BusEvent, now, context: MatchContext) {
        applySample(game, context.calibration as CalibrationParams | null, (event as unknown as { signals: Signals }).signals, now);
        return true;
      },
    },
  };
}
