/**
 * The player's signals during play: an `input_command`, or a raw `calibration_sample`
 * the server decodes itself (hysteresis), moves the paddle, feeds the metrics and
 * resets the THONK watchdog. The runtime's tick applies them to the playing game in the
 * match context (match-ticker.ts), in arrival order, before the next physics step.
 *
 * They write in place: at 60 inputs a second per match, copying the 35-field game for
 * each one was a measurable share of the tick budget.
 */
import { activation, decodeDirection, type CalibrationParams, type Signals } from './calibration.js';
import type { Direction, TickState } from './match-tick.js';
import { onSignal, zScore } from './player-metrics.js';

const DIR: Record<Direction, number> = { LEFT: -1, NEUTRAL: 0, RIGHT: 1 };

function hold(game: TickState, dir: number, z: number | undefined, at: number) {
  const m = onSignal(game, dir, z);
  game.zEma = m.zEma;
  game.switchEma = m.switchEma;
  game.lastDir = m.lastDir;
  game.playerDir = dir;
  game.lastSignalAt = at;
}

/** An `input_command` that arrived at server time `at` (its activation, when sent, feeds the metrics). */
export function applyInput(game: TickState, calibration: CalibrationParams | null, direction: Direction, at: number, rawActivation?: number): void {
  hold(game, DIR[direction], rawActivation === undefined ? undefined : zScore(calibration, rawActivation), at);
}

/** A raw signal sample during play: the direction is decoded with the calibrated thresholds. */
export function applySample(game: TickState, calibration: CalibrationParams | null, signals: Signals, at: number): void {
  const a = activation(signals);
  game.decodedDir = calibration ? decodeDirection(calibration, game.decodedDir, a) : 'NEUTRAL';
  hold(game, DIR[game.decodedDir], zScore(calibration, a), at);
}
