import type { SimulatedClock } from 'xstate';
import type { FrameTimers } from '../../src/runtime/index.js';

/** Frame timers on XState's simulated clock (a "next turn" is the next simulated millisecond), so the tick and the actors share one time. */
export function timersOn(clock: SimulatedClock): FrameTimers {
  return {
    now: () => clock.now(),
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    clearTimeout: (id) => clock.clearTimeout(id as number),
    setImmediate: (fn) => clock.setTimeout(fn, 1),
    clearImmediate: (id) => clock.clearTimeout(id as number),
  };
}

/** Advance a simulated clock in 1 ms steps, so the frames start on time. */
export function advance(clock: SimulatedClock, ms: number) {
  for (let done = 0; done < ms; done++) clock.increment(1);
}
