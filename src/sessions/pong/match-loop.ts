/**
 * The one loop that drives every live match: each frame sends one `tick` per live
 * match through the bus. Matches join and leave by emitting `{type:'loop', address, live}`
 * on LOOP_TOPIC (entering / leaving `playing`). The scheduler runs only while a match
 * is live. Inputs of live matches ride in their next tick (`offerInput`). Lateness and
 * per-frame CPU go to /metrics and to `stats()`.
 */
import type { Bus, Envelope, Unsubscribe } from '../../bus/index.js';
import type { Metrics } from '../../gateway/index.js';
import { LOOP_TOPIC, type TickInput } from '../../../machines/pong/match-machine.js';
import { createFrameScheduler, realTimers, type Frame, type FrameTimers } from './frame-scheduler.js';
import { createLoopStats, type LoopStats } from './loop-stats.js';

const TICK: Envelope = { event: { type: 'tick' } };
/** Inputs kept per match per frame; past this the newest replaces the last (the rate limit keeps it far away). */
const MAX_PENDING = 64;

export function createMatchLoop({ bus, metrics, hz, timers = realTimers }: { bus: Bus; metrics: Metrics; hz: number; timers?: FrameTimers }) {
  const live = new Set<string>();
  /** Inputs of live matches waiting for the next tick, by address. */
  const pending = new Map<string, TickInput[]>();
  const stats = createLoopStats(() => timers.now());
  let unsubscribe: Unsubscribe | undefined;

  const scheduler = createFrameScheduler({ hz, timers, onFrame });

  function onFrame(frame: Frame) {
    const started = timers.now();
    for (const address of live) {
      const inputs = pending.get(address);
      if (inputs === undefined) bus.send(address, TICK);
      else {
        pending.delete(address);
        bus.send(address, { event: { type: 'tick', inputs } });
      }
    }
    const took = timers.now() - started;
    stats.record(frame.lateMs, took, live.size);
    metrics.tickLag.observe(frame.lateMs / 1000);
    metrics.tickBudget.observe(took / 1000);
  }

  function setLive(address: string, on: boolean) {
    if (on) live.add(address);
    else {
      live.delete(address);
      pending.delete(address);
    }
    if (live.size > 0 && !scheduler.running) scheduler.start();
    else if (live.size === 0 && scheduler.running) scheduler.stop();
  }

  return {
    attach() {
      unsubscribe ??= bus.subscribe(LOOP_TOPIC, (event) => setLive(String(event.address), event.live === true));
    },
    detach() {
      unsubscribe?.();
      unsubscribe = undefined;
      live.clear();
      scheduler.stop();
    },
    /**
     * Coalesce an input into the match's next tick when the match is live (one bus
     * message per match per frame instead of one per input); false when it is not live,
     * and the caller sends the input to the actor as a message of its own.
     */
    offerInput(address: string, input: TickInput): boolean {
      if (!live.has(address)) return false;
      const inputs = pending.get(address);
      if (inputs === undefined) pending.set(address, [input]);
      else if (inputs.length < MAX_PENDING) inputs.push(input);
      else inputs[inputs.length - 1] = input;
      return true;
    },
    /** Addresses of the live matches. */
    live: () => [...live],
    /** Loop statistics; `reset` starts a new measurement window. */
    stats: (reset = false): LoopStats => stats.read(live.size, scheduler.skipped, reset),
  };
}

export type MatchLoop = ReturnType<typeof createMatchLoop>;
