/**
 * The pong match machine: one actor per player session (`pong/<sessionId>`).
 * connect → idle → calibrating (baseline, left×N, right×N) → ready → playing ⇄ paused → over.
 *
 * While `playing`, the 60 Hz simulation is the runtime's tick (match-ticker.ts), not a
 * transition per frame: the runtime steps `context.game` in place with the pure
 * `advanceMatch()`, applies the player's inputs to it and sends `game_state` each frame.
 * The machine owns the lifecycle and hears what matters from the tick: `$tick.point` and
 * `$tick.taunt` (it sends the taunt), `$tick.won` (→ `over`) and `$tick.lost` (no signals
 * for too long → `paused`). It reads `context.game` as the tick left it.
 * Why: an XState transition per match per tick was most of the tick budget (bench/pong.ts).
 * Time comes from `$at` (stamped by the runtime) and XState delays; randomness from `rng`.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import { out, join, closeConnection, type Outgoing } from '../../src/contract/index.js';
import {
  activation,
  addSample,
  emptyMoments,
  judgeCalibration,
  type CalibrationOutcome,
  type CalibrationParams,
  type Moments,
  type Signals,
} from './calibration.js';
import { initialPhysics } from './physics.js';
import { initialMetricState, metricsOf } from './player-metrics.js';
import { seedFrom } from './prng.js';
import type { Direction, Taunt, TickState } from './match-tick.js';
import type { MatchTickEvent } from './match-ticker.js';
import type { MatchSettings } from './settings.js';
import { PONG_ERRORS, type PongErrorCode } from './errors.js';

/** Actor kind (address prefix) of match actors. */
export const MATCH_KIND = 'pong';

/**
 * Context: session-level fields flat at the top, the match state in `game` (one flat object
 * of fixed shape). While `playing`, the runtime's tick writes `game` in place every frame, so
 * whatever reads it (the machine, `$metrics`, snapshots, the live charts) reads the game as
 * it stands; every transition that starts or resumes a match gives it a new object.
 */
export interface MatchContext {
  id: string;
  game: TickState;
  /** The socket currently playing this session (a newer one replaces it). */
  conn: string | null;
  calibration: CalibrationParams | null;
  calAttempt: number;
  calPhase: number;
  calBaseline: Moments;
  calLeft: Moments;
  calRight: Moments;
  calOutcome: CalibrationOutcome | null;
  lastCalibrationAt: number;
  lastStartGameAt: number;
}

interface From {
  $from?: { conn?: string; member?: string };
  $at?: number;
}
export type MatchEvent = From &
  (
    | { type: 'connect'; sessionId: string }
    | { type: 'start_calibration' }
    | { type: 'calibration_sample'; signals: Signals; timestamp: number }
    | { type: 'input_command'; direction: Direction; timestamp: number; rawActivation?: number }
    | { type: 'start_game' }
    | { type: 'pause_game' }
    | MatchTickEvent
    | { type: '$disconnect' }
    | { type: '$restored'; source?: string }
    | { type: '$metrics' }
  );

/** The calibration plan: baseline ×1, then left ×N, then right ×N. */
export function calibrationPlan(s: MatchSettings) {
  const plan: { step: 'baseline' | 'left' | 'right'; trial: number; durationMs: number; instruction: string }[] = [
    { step: 'baseline', trial: 1, durationMs: s.baselineMs, instruction: 'Relax and look at the centre of the screen. Do not imagine any movement.' },
  ];
  for (let i = 1; i <= s.trialsPerSide; i++) {
    plan.push({ step: 'left', trial: i, durationMs: s.trialMs, instruction: 'Imagine squeezing your LEFT hand, steadily, until the next step.' });
  }
  for (let i = 1; i <= s.trialsPerSide; i++) {
    plan.push({ step: 'right', trial: i, durationMs: s.trialMs, instruction: 'Imagine squeezing your RIGHT hand, steadily, until the next step.' });
  }
  return plan;
}

const error = (code: PongErrorCode, message: string) => ({
  type: 'error',
  data: { code, message, recoverable: PONG_ERRORS[code].recoverable },
});

/**
 * A fresh match: physics, metrics, AI and triggers reset (`rng` carries on from the session).
 * Also what bench/lib-pong-bare.ts runs, so both loops do the same work.
 *
 * One object literal naming every field, not spreads of the physics and metric objects: V8
 * keeps a literal's fields inside the object, while a spread-built object of this size gets
 * many of its fields added one by one, and some games went to dictionary mode (a hash lookup
 * per field access) when their numbers later widened from integers to doubles: the tick's
 * accesses turned megamorphic (perf: 5% of the server's CPU at 500 matches).
 */
export function freshGame(s: MatchSettings, now: number, rng: number): TickState {
  const p = initialPhysics(1, s.serveDelayTicks);
  const m = initialMetricState();
  return {
    ballX: p.ballX,
    ballY: p.ballY,
    ballVx: p.ballVx,
    ballVy: p.ballVy,
    playerY: p.playerY,
    playerVy: p.playerVy,
    aiY: p.aiY,
    aiVy: p.aiVy,
    scorePlayer: p.scorePlayer,
    scoreAi: p.scoreAi,
    serveTicks: p.serveTicks,
    serveDir: p.serveDir,
    rallyHits: p.rallyHits,
    zEma: m.zEma,
    switchEma: m.switchEma,
    heat: m.heat,
    hitEma: m.hitEma,
    lastDir: m.lastDir,
    rng,
    tick: 0,
    playerDir: 0,
    decodedDir: 'NEUTRAL',
    aiTargetY: 300,
    aiNextTick: 0,
    difficulty: s.startDifficulty,
    stress: 0,
    stressHigh: false,
    calmTicks: 0,
    lastSignalAt: now,
    lastTauntAt: NEVER,
    taunt: null,
    winner: null,
  };
}

/** "Long ago" as a JSON-safe number (−Infinity would come back from a snapshot as null). */
export const NEVER = -Number.MAX_SAFE_INTEGER;

/**
 * V8 gives each field the representation of the first value stored in it (a small integer or a
 * double) and moves objects to a new hidden class when a later value needs a wider one. A game's
 * numbers start as integers (0, 300) and widen at different ticks in different matches: without
 * this, the tick's accesses met a new hidden class at every widening. Widening every number of a
 * throwaway game once, at load, gives every later game its final hidden class from the start.
 */
function settleGameShape(): void {
  const game = freshGame({ serveDelayTicks: 0, startDifficulty: 0 } as MatchSettings, 0, 0) as unknown as Record<string, unknown>;
  for (const key of Object.keys(game)) if (typeof game[key] === 'number') game[key] = 0.5;
}
settleGameShape();

export function createMatchMachine(s: MatchSettings) {
  const plan = calibrationPlan(s);
  const lastPhase = plan.length - 1;

  return setup({
    types: {
      context: {} as MatchContext,
      events: {} as MatchEvent,
      input: {} as { id: string },
      emitted: {} as Outgoing,
    },
    guards: {
      staleTimestamp: ({ event }) => {
        const ts = (event as { timestamp?: number }).timestamp ?? 0;
        return Math.abs(ts - (event.$at ?? 0)) > s.clockSkewMs;
      },
      calibrationTooSoon: ({ context, event }) => (event.$at ?? 0) - context.lastCalibrationAt < s.startCalibrationEveryMs,
      startGameTooSoon: ({ context, event }) => (event.$at ?? 0) - context.lastStartGameAt < s.startGameEveryMs,
      calibrated: ({ context }) => context.calibration !== null,
      lastPhase: ({ context }) => context.calPhase >= lastPhase,
      fromCurrentConn: ({ context, event }) => event.$from?.conn !== undefined && event.$from.conn === context.conn,
    },
    delays: {
      stepDuration: ({ context }) => plan[Math.min(context.calPhase, lastPhase)].durationMs,
    },
    actions: {
      staleError: emit(({ event }) =>
        out('sender', error('VALIDATION_ERROR', `timestamp: more than ${s.clockSkewMs} ms away from server time ${event.$at}`)),
      ),
      // Every attempt the limit lets through counts, accepted or refused for the state it
      // arrives in: the seed's "1 per 2 s" is a limit on what a client sends, not on what succeeds.
      stampStartGame: assign({ lastStartGameAt: ({ event }) => event.$at ?? 0 }),
      stampCalibration: assign({ lastCalibrationAt: ({ event }) => event.$at ?? 0 }),
      emitStep: emit(({ context }) => {
        const { step, trial, instruction, durationMs } = plan[context.calPhase];
        return out({ member: context.id }, { type: 'calibration_step', data: { step, trial, instruction, durationMs } });
      }),
      rateCalibration: emit(() => out('sender', error('RATE_LIMIT_EXCEEDED', `start_calibration: at most one per ${s.startCalibrationEveryMs / 1000} s`))),
      rateStartGame: emit(() => out('sender', error('RATE_LIMIT_EXCEEDED', `start_game: at most one per ${s.startGameEveryMs / 1000} s`))),
      beginCalibration: assign(({ context, event }) => ({
        lastCalibrationAt: event.$at ?? 0,
        calAttempt: context.calAttempt + 1,
        calPhase: 0,
        calBaseline: emptyMoments(),
        calLeft: emptyMoments(),
        calRight: emptyMoments(),
        calOutcome: null,
      })),
      beginMatch: assign(({ context, event }) => ({
        game: freshGame(s, event.$at ?? 0, context.game.rng),
        lastStartGameAt: event.$at ?? 0,
      })),
      thonkTimeout: emit(({ context }) =>
        out({ member: context.id }, error('THONK_TIMEOUT', `no signals for more than ${s.thonkTimeoutMs} ms; the game is paused, send start_game to resume`)),
      ),
      emitTaunt: emit(({ context, event }) => out({ member: context.id }, { type: 'taunt_message', data: (event as { taunt: Taunt }).taunt })),
    },
  }).createMachine({
    id: 'pong-match',
    context: ({ input }) => ({
      id: input.id,
      game: freshGame(s, 0, seedFrom(input.id)),
      conn: null,
      calibration: null,
      calAttempt: 0,
      calPhase: 0,
      calBaseline: emptyMoments(),
      calLeft: emptyMoments(),
      calRight: emptyMoments(),
      calOutcome: null,
      lastCalibrationAt: NEVER,
      lastStartGameAt: NEVER,
    }),
    initial: 'idle',
    on: {
      connect: {
        actions: [
          enqueueActions(({ context, event, enqueue }) => {
            const conn = event.$from?.conn ?? null;
            const replaced = context.conn && context.conn !== conn ? context.conn : null;
            enqueue.assign({ conn });
            enqueue.emit(out('sender', join(context.id)));
            enqueue.emit(
              out('sender', {
                type: 'session_created',
                data: context.calibration
                  ? { sessionId: context.id, calibrationRequired: false, calibrationParams: context.calibration }
                  : { sessionId: context.id, calibrationRequired: true },
              }),
            );
            // Last: closing the old socket may re-enter the runtime synchronously (its $disconnect).
            if (replaced) {
              enqueue.emit(out({ conn: replaced }, error('INVALID_SESSION', 'this session was resumed on another connection')));
              enqueue.emit(out({ conn: replaced }, closeConnection(4000, 'session resumed elsewhere')));
            }
          }),
        ],
      },
      $disconnect: { guard: 'fromCurrentConn', actions: assign({ conn: null }) },
      $metrics: {
        actions: emit(({ context }) =>
          out('sender', {
            type: '$metrics',
            calibrated: context.calibration !== null,
            metrics: metricsOf(context.game),
            difficulty: context.game.difficulty,
            score: { player: context.game.scorePlayer, ai: context.game.scoreAi },
            updatedAt: context.game.lastSignalAt,
          }),
        ),
      },
      // start_game and start_calibration: the rate first, in every state, then what the state says.
      start_calibration: [
        { guard: 'calibrationTooSoon', actions: 'rateCalibration' },
        { actions: ['stampCalibration', emit(() => out('sender', error('INVALID_STATE', 'calibration cannot start during a game; wait for game_over')))] },
      ],
      calibration_sample: { actions: emit(() => out('sender', error('INVALID_STATE', 'no calibration is running; send start_calibration first'))) },
      input_command: { actions: emit(() => out('sender', error('GAME_NOT_STARTED', 'no game is running; send start_game first'))) },
      pause_game: { actions: emit(() => out('sender', error('GAME_NOT_STARTED', 'no game is running'))) },
      start_game: [
        { guard: 'startGameTooSoon', actions: 'rateStartGame' },
        { actions: ['stampStartGame', emit(() => out('sender', error('INVALID_STATE', 'calibrate first: send start_calibration')))] },
      ],
    },
    states: {
      idle: {
        on: { start_calibration: [{ guard: 'calibrationTooSoon', actions: 'rateCalibration' }, { target: 'calibrating', actions: 'beginCalibration' }] },
      },
      calibrating: {
        entry: 'emitStep',
        after: {
          stepDuration: [
            { guard: 'lastPhase', target: 'judging' },
            { target: 'calibrating', reenter: true, actions: assign({ calPhase: ({ context }) => context.calPhase + 1 }) },
          ],
        },
        on: {
          calibration_sample: [
            { guard: 'staleTimestamp', actions: 'staleError' },
            {
              actions: assign(({ context, event }) => {
                const a = activation((event as { signals: Signals }).signals);
                const step = plan[context.calPhase].step;
                if (step === 'baseline') return { calBaseline: addSample(context.calBaseline, a) };
                if (step === 'left') return { calLeft: addSample(context.calLeft, a) };
                return { calRight: addSample(context.calRight, a) };
              }),
            },
          ],
          start_calibration: [
            { guard: 'calibrationTooSoon', actions: 'rateCalibration' },
            { actions: ['stampCalibration', emit(() => out('sender', error('RATE_LIMIT_EXCEEDED', 'a calibration is already running')))] },
          ],
          // Timers are not restored with a snapshot (xstate#5331): restart the current step.
          $restored: { target: 'calibrating', reenter: true },
        },
      },
      judging: {
        entry: [
          assign(({ context }) => {
            const outcome = judgeCalibration(context.calBaseline, context.calLeft, context.calRight, context.calAttempt, s);
            return {
              calOutcome: outcome,
              calibration: outcome.status === 'success' ? outcome.params : context.calibration,
              // After a final failure the next start_calibration begins a fresh series of attempts.
              calAttempt: outcome.status === 'retry_suggested' ? context.calAttempt : 0,
            };
          }),
          enqueueActions(({ context, enqueue }) => {
            const outcome = context.calOutcome!;
            const to = { member: context.id };
            enqueue.emit(out(to, { type: 'calibration_complete', data: outcome }));
            if (outcome.status === 'failed') enqueue.emit(out(to, error('CALIBRATION_FAILED', outcome.message)));
          }),
        ],
        always: [{ guard: 'calibrated', target: 'ready' }, { target: 'idle' }],
      },
      ready: {
        on: {
          start_calibration: [{ guard: 'calibrationTooSoon', actions: 'rateCalibration' }, { target: 'calibrating', actions: 'beginCalibration' }],
          start_game: [{ guard: 'startGameTooSoon', actions: 'rateStartGame' }, { target: 'playing', actions: 'beginMatch' }],
          // A headset streams continuously: samples between calibration and play are ignored, not errors.
          calibration_sample: {},
        },
      },
      playing: {
        on: {
          // The runtime's tick steps the game and sends game_state; the machine hears points, taunts and the end.
          '$tick.point': [{ guard: ({ event }) => event.taunt !== null, actions: 'emitTaunt' }, {}],
          '$tick.taunt': { actions: 'emitTaunt' },
          '$tick.won': { target: 'over' },
          '$tick.lost': { target: 'paused', actions: 'thonkTimeout' },
          // The tick's input handlers take the player's signals while playing (match-ticker.ts);
          // only a machine run without the runtime's tick sees them here.
          input_command: {},
          calibration_sample: {},
          pause_game: { target: 'paused' },
          start_game: [
            { guard: 'startGameTooSoon', actions: 'rateStartGame' },
            { actions: ['stampStartGame', emit(() => out('sender', error('INVALID_STATE', 'a game is already running')))] },
          ],
          $disconnect: { guard: 'fromCurrentConn', target: 'paused', actions: assign({ conn: null }) },
          // From the store (a restart, another process): the player's socket is gone, as after a
          // disconnect — the match waits, paused where the snapshot caught it. From the supervisor:
          // the socket is still here and the tick carries on with the game in context.
          $restored: [{ guard: ({ event }) => event.source === 'store', target: 'paused', actions: assign({ conn: null }) }, {}],
        },
      },
      paused: {
        on: {
          start_game: [
            { guard: 'startGameTooSoon', actions: 'rateStartGame' },
            // Resume: the THONK watchdog restarts from now.
            {
              target: 'playing',
              actions: assign(({ context, event }) => ({
                game: { ...context.game, lastSignalAt: event.$at ?? 0, playerDir: 0, decodedDir: 'NEUTRAL' as const, taunt: null },
                lastStartGameAt: event.$at ?? 0,
              })),
            },
          ],
          pause_game: {},
          input_command: { actions: emit(() => out('sender', error('GAME_NOT_STARTED', 'the game is paused; send start_game to resume'))) },
          calibration_sample: {},
        },
      },
      over: {
        entry: emit(({ context }) =>
          out({ member: context.id }, { type: 'game_over', data: { winner: context.game.winner!, finalScore: { player: context.game.scorePlayer, ai: context.game.scoreAi } } }),
        ),
        on: {
          start_calibration: [{ guard: 'calibrationTooSoon', actions: 'rateCalibration' }, { target: 'calibrating', actions: 'beginCalibration' }],
          start_game: [{ guard: 'startGameTooSoon', actions: 'rateStartGame' }, { target: 'playing', actions: 'beginMatch' }],
          input_command: { actions: emit(() => out('sender', error('GAME_NOT_STARTED', 'the game is over; send start_game for a new one'))) },
          calibration_sample: {},
        },
      },
    },
  });
}

export type MatchMachine = ReturnType<typeof createMatchMachine>;
