/**
 * The one loop that runs every live match. A match joins when its actor enters `playing`
 * (`{type:'loop', address, live: true, game, calibration}` on LOOP_TOPIC) and leaves when
 * the actor leaves it. Each frame, for every live match: pause it if the player's signals
 * were lost (`$loop.thonk` to the actor), otherwise step it with the pure advanceMatch(),
 * publish `game_state` to the player's member topic, and tell the actor what matters:
 * the winner (`$loop.won`), a point or a taunt (`$loop.sync` at once), and the game every
 * SYNC_TICKS otherwise. A match that leaves hands its game back with a last `$loop.sync`.
 *
 * The player's inputs and raw samples are applied to the live game on arrival
 * (`offerInput`, `offerSample`), so a live match costs no actor message per input or tick.
 * Lateness and per-frame CPU go to /metrics and `stats()`.
 */
import type { Bus, BusEvent, Unsubscribe } from '../../bus/index.js';
import type { Metrics } from '../../gateway/index.js';
import { memberTopic } from '../../contract/index.js';
import { type Clock } from '../../runtime/index.js';
import type { CalibrationParams, Signals } from '../../../machines/pong/calibration.js';
import { applyInput, applySample } from '../../../machines/pong/live-signals.js';
import { LOOP_TOPIC, MATCH_KIND } from '../../../machines/pong/match-machine.js';
import { advanceMatch, gameStateOf, signalLost, type Direction, type TickState } from '../../../machines/pong/match-tick.js';
import type { MatchSettings } from '../../../machines/pong/settings.js';
import { createFrameScheduler, realTimers, type Frame, type FrameTimers } from './frame-scheduler.js';
import { createLoopStats, type LoopStats } from './loop-stats.js';

/** Ticks between two reports of an uneventful game to its actor (half a second at 60 Hz). */
const SYNC_TICKS = 30;

interface LiveMatch {
  address: string;
  /** Where its game_state goes: the player's member topic. */
  topic: string;
  /** Owned by the loop and written in place by inputs; the actor only ever gets copies. */
  game: TickState;
  calibration: CalibrationParams | null;
  syncedTick: number;
}

type Report = '$loop.sync' | '$loop.won' | '$loop.thonk';

export interface MatchLoopOptions {
  bus: Bus;
  metrics: Metrics;
  settings: MatchSettings;
  /** Wall time the games run on (the actors' clock). */
  clock: Pick<Clock, 'now'>;
  /** Monotonic time the frames are scheduled on. */
  timers?: FrameTimers;
}

export function createMatchLoop({ bus, metrics, settings, clock, timers = realTimers }: MatchLoopOptions) {
  const live = new Map<string, LiveMatch>();
  /** Spreads the periodic reports over SYNC_TICKS frames: matches that start together must not all report in one frame. */
  let joined = 0;
  const stats = createLoopStats(() => timers.now());
  let unsubscribe: Unsubscribe | undefined;

  const scheduler = createFrameScheduler({ hz: settings.tickHz, timers, onFrame });

  function onFrame(frame: Frame) {
    const started = timers.now();
    const now = clock.now();
    let ticked = 0;
    for (const m of live.values()) {
      ticked++;
      step(m, now);
    }
    const took = timers.now() - started;
    stats.record(frame.lateMs, took, ticked);
    metrics.tickLag.observe(frame.lateMs / 1000);
    metrics.tickBudget.observe(took / 1000);
    if (live.size === 0) scheduler.stop();
  }

  function step(m: LiveMatch, now: number) {
    const before = m.game;
    if (signalLost(before, now, settings)) return leave(m, '$loop.thonk');
    const game = (m.game = advanceMatch(before, now, settings));
    bus.publish(m.topic, gameStateOf(game, now));
    if (game.winner !== null) leave(m, '$loop.won');
    else if (game.taunt !== null || game.scorePlayer !== before.scorePlayer || game.scoreAi !== before.scoreAi || game.tick - m.syncedTick >= SYNC_TICKS) {
      report(m, '$loop.sync');
    }
  }

  function report(m: LiveMatch, type: Report) {
    m.syncedTick = m.game.tick;
    bus.send(m.address, { event: { type, game: { ...m.game } } });
  }

  function leave(m: LiveMatch, type: Report) {
    live.delete(m.address);
    report(m, type);
  }

  function join(address: string, game: TickState, calibration: CalibrationParams | null) {
    // Already live: an actor restored by its supervisor announces itself again; the loop's game is the newer one.
    const current = live.get(address);
    if (current) return void (current.calibration = calibration);
    live.set(address, {
      address,
      topic: memberTopic(address, address.slice(MATCH_KIND.length + 1)),
      game: { ...game },
      calibration,
      syncedTick: game.tick - (joined++ % SYNC_TICKS),
    });
    if (!scheduler.running) scheduler.start();
  }

  function onLoopEvent(event: BusEvent) {
    const address = String(event.address);
    if (event.live === true) return join(address, event.game as TickState, (event.calibration as CalibrationParams | null) ?? null);
    const m = live.get(address);
    if (m) leave(m, '$loop.sync');
  }

  return {
    attach() {
      unsubscribe ??= bus.subscribe(LOOP_TOPIC, onLoopEvent);
    },
    detach() {
      unsubscribe?.();
      unsubscribe = undefined;
      live.clear();
      scheduler.stop();
    },
    /** Apply an input to a live match (true); false when the match is not live, and the actor answers it. */
    offerInput(address: string, direction: Direction, at: number, rawActivation?: number): boolean {
      const m = live.get(address);
      if (m === undefined) return false;
      applyInput(m.game, m.calibration, direction, at, rawActivation);
      return true;
    },
    /** Apply a raw signal sample to a live match (true); false when the match is not live. */
    offerSample(address: string, signals: Signals, at: number): boolean {
      const m = live.get(address);
      if (m === undefined) return false;
      applySample(m.game, m.calibration, signals, at);
      return true;
    },
    /** Addresses of the live matches. */
    live: () => [...live.keys()],
    /** Loop statistics; `reset` starts a new measurement window. */
    stats: (reset = false): LoopStats => stats.read(live.size, scheduler.skipped, reset),
  };
}

export type MatchLoop = ReturnType<typeof createMatchLoop>;
