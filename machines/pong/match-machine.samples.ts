import { defineSamples } from '../machine-samples.js';
import { createMatchMachine, type MatchContext, type MatchEvent } from './match-machine.js';
import { defaultMatchSettings, type MatchSettings } from './settings.js';

/**
 * A match machine with settings that keep the model small: a one-point match, a three-step
 * calibration (baseline, left, right) of 10 ms steps that one sample per step passes, a
 * one-tick serve delay and the weakest AI; play itself is the runtime's tick, so `over` is one
 * `$tick.won` away. Event times are
 * taken from the context (the latest stamp it holds), each rate-limited event comes once
 * too soon and once after its limit, and each timestamped event once fresh and once stale.
 */
const ID = '6f1c2d4e-0000-4000-8000-000000000001';
const AT = 1_000_000;

const settings: MatchSettings = {
  ...defaultMatchSettings,
  targetScore: 1,
  serveDelayTicks: 1,
  baselineMs: 10,
  trialMs: 10,
  trialsPerSide: 1,
  minSamples: 1,
  maxAttempts: 2,
  startDifficulty: 0,
  calmStreakTicks: 5,
};

export const matchSamplesMachine = createMatchMachine(settings);

const player = { conn: 'c1', member: ID };
const other = { conn: 'c2', member: ID };

/** The latest time the context knows of: events are stamped at or after it. */
const nowOf = (c: MatchContext) => Math.max(AT, c.lastCalibrationAt, c.lastStartGameAt, c.game.lastSignalAt);

/** The lateralised signal the current calibration step asks for. */
const signalsFor = (c: MatchContext) => {
  const step = ['baseline', 'left', 'right'][Math.min(c.calPhase, 2)];
  const a = step === 'left' ? 1 : step === 'right' ? -1 : 0;
  return { up: 0, down: 0, left: a, right: 0 };
};

export default defineSamples({
  machine: matchSamplesMachine,
  input: { id: ID },
  events: ({ context: c }) => {
    const now = nowOf(c);
    const at = (type: MatchEvent['type'], extra: Record<string, unknown> = {}, $at = now, $from = player) =>
      ({ type, ...extra, $from, $at }) as MatchEvent;
    const stale = now - settings.clockSkewMs - 1;
    return [
      at('connect', { sessionId: ID }),
      at('$disconnect'),
      at('$disconnect', {}, now, other),
      at('$metrics'),
      at('$restored', { source: 'supervisor' }),
      at('start_calibration'),
      at('start_calibration', {}, now + settings.startCalibrationEveryMs),
      at('calibration_sample', { signals: signalsFor(c), timestamp: now }),
      at('calibration_sample', { signals: signalsFor(c), timestamp: stale }),
      at('start_game'),
      at('start_game', {}, now + settings.startGameEveryMs),
      at('pause_game'),
      at('input_command', { direction: 'LEFT', timestamp: now }),
      at('input_command', { direction: 'RIGHT', timestamp: stale }),
      // What the runtime's tick reports while the match is playing.
      at('$tick.point', { score: { player: 0, ai: 1 }, taunt: null }),
      at('$tick.point', { score: { player: 0, ai: 1 }, taunt: { text: 'Nice try.', durationMs: 2500, trigger: 'player_miss' } }),
      at('$tick.taunt', { taunt: { text: 'Long rally!', durationMs: 2500, trigger: 'long_rally' } }),
      at('$tick.won', { winner: 'ai' }),
      at('$tick.lost'),
    ];
  },
  // What the guards read: the socket, the calibration step and whether each step has its
  // samples, the attempt, whether calibrated (a tick report's taunt is in the event, not the context).
  // Times and ticks are left out: every event is stamped from the context.
  key: (c) => ({
    conn: c.conn,
    calibrated: c.calibration !== null,
    phase: c.calPhase,
    // Once calibrated, a later attempt only decides what calibration_complete says, never the next state.
    ...(c.calibration === null && {
      samples: [c.calBaseline.n, c.calLeft.n, c.calRight.n].map((n) => Math.min(n, settings.minSamples)),
      attempt: c.calAttempt,
    }),
  }),
});
