/**
 * Garbage-collection figures of a server measured from outside: the server runs with
 * `--trace-gc-nvp`, which makes V8 print one line of name=value pairs per collection on
 * stdout, and this reads them. Nothing in the server is changed or asked.
 *
 * Bytes allocated over a window = heap growth over the window + bytes each collection
 * in it freed (`total_size_before − total_size_after`): exact up to the timing of the
 * two heap readings, and still right when the window holds no collection at all (a
 * server that allocates next to nothing).
 */
import type { ChildProcess } from 'node:child_process';
import { onLines } from './lib-spawn.js';

/** Node flags that make a server report its collections on stdout. */
export const GC_TRACE_FLAGS = ['--trace-gc-nvp'];

export interface GcWindow {
  collections: number;
  scavenges: number;
  /** Bytes freed by the collections in the window. */
  freedBytes: number;
  /** Stop-the-world time: each pause, plus the incremental marking steps a full collection reports. */
  pauseMs: number;
  maxPauseMs: number;
}

const field = (line: string, name: string) => {
  const at = line.indexOf(` ${name}=`);
  if (at === -1) return NaN;
  return parseFloat(line.slice(at + name.length + 2));
};

export function traceGc(child: ChildProcess) {
  let current: GcWindow | undefined;
  onLines(child, (line) => {
    if (!current || !line.includes(' pause=')) return;
    const pause = field(line, 'pause');
    const kind = line.match(/ gc=(\w+)/)?.[1] ?? '';
    const steps = kind === 's' ? 0 : field(line, 'incremental.steps_took') || 0;
    const freed = field(line, 'total_size_before') - field(line, 'total_size_after');
    current.collections++;
    if (kind === 's') current.scavenges++;
    if (Number.isFinite(freed)) current.freedBytes += freed;
    if (Number.isFinite(pause)) {
      current.pauseMs += pause + steps;
      current.maxPauseMs = Math.max(current.maxPauseMs, pause);
    }
  });
  return {
    start() {
      current = { collections: 0, scavenges: 0, freedBytes: 0, pauseMs: 0, maxPauseMs: 0 };
    },
    /** The window since `start()`; collections after this are not counted. */
    stop(): GcWindow {
      const window = current ?? { collections: 0, scavenges: 0, freedBytes: 0, pauseMs: 0, maxPauseMs: 0 };
      current = undefined;
      return window;
    },
  };
}
