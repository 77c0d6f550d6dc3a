/**
 * The one loop that drives every live match: each frame sends one `tick` per live
 * match through the bus. Matches join and leave by emitting `{type:'loop', address, live}`
 * on LOOP_TOPIC (entering / leaving `playing`). The scheduler runs only while a match
 * is live. Lateness and per-frame CPU go to /metrics and to `stats()`.
 */
import type { Bus, Envelope, Unsubscribe } from '../../bus/index.js';
import type { Metrics } from '../../gateway/index.js';
import { LOOP_TOPIC } from '../../../machines/pong/match-machine.js';
import { createFrameScheduler, realTimers, type Frame, type FrameTimers } from './frame-scheduler.js';
import { createLoopStats, type LoopStats } from './loop-stats.js';

const TICK: Envelope = { event: { type: 'tick' } };

export function createMatchLoop({ bus, metrics, hz, timers = realTimers }: { bus: Bus; metrics: Metrics; hz: number; timers?: FrameTimers }) {
  const live = new Set<string>();
  const stats = createLoopStats(() => timers.now());
  let unsubscribe: Unsubscribe | undefined;

  const scheduler = createFrameScheduler({ hz, timers, onFrame });

  function onFrame(frame: Frame) {
    const started = timers.now();
    for (const address of live) bus.send(address, TICK);
    const took = timers.now() - started;
    stats.record(frame.lateMs, took, live.size);
    metrics.tickLag.observe(frame.lateMs / 1000);
    metrics.tickBudget.observe(took / 1000);
  }

  function setLive(address: string, on: boolean) {
    if (on) live.add(address);
    else live.delete(address);
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
    /** Addresses of the live matches. */
    live: () => [...live],
    /** Loop statistics; `reset` starts a new measurement window. */
    stats: (reset = false): LoopStats => stats.read(live.size, scheduler.skipped, reset),
  };
}

export type MatchLoop = ReturnType<typeof createMatchLoop>;
