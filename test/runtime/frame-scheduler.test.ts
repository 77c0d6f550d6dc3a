import t from 'tap';
import { createFrameScheduler, type Frame, type FrameTimers } from '../../src/runtime/frame-scheduler.js';

/**
 * Simulated timers: setTimeout fires `timeoutSlopMs` late (as real timers do, with 1 ms
 * resolution), each setImmediate turn costs `immediateMs`, and a frame handler may
 * "take" time by advancing the clock itself.
 */
function simulatedTimers({ timeoutSlopMs = 0.7, immediateMs = 0.05 } = {}) {
  let now = 1000;
  let seq = 0;
  const queue: { at: number; seq: number; fn: () => void; id: number; kind: 'timeout' | 'immediate' }[] = [];
  const timers: FrameTimers & { spend(ms: number): void; runUntil(ms: number): void; readonly time: number; timeouts: number; immediates: number } = {
    timeouts: 0,
    immediates: 0,
    now: () => now,
    setTimeout(fn, ms) {
      timers.timeouts++;
      const id = ++seq;
      queue.push({ at: now + Math.max(1, Math.floor(ms)) + timeoutSlopMs, seq: id, fn, id, kind: 'timeout' });
      return id;
    },
    clearTimeout(id) {
      const i = queue.findIndex((q) => q.id === id);
      if (i >= 0) queue.splice(i, 1);
    },
    setImmediate(fn) {
      timers.immediates++;
      const id = ++seq;
      queue.push({ at: now + immediateMs, seq: id, fn, id, kind: 'immediate' });
      return id;
    },
    clearImmediate(id) {
      timers.clearTimeout(id);
    },
    spend(ms) {
      now += ms;
    },
    runUntil(end) {
      while (queue.length > 0) {
        queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
        if (queue[0].at > end) break;
        const next = queue.shift()!;
        now = Math.max(now, next.at);
        next.fn();
      }
      now = Math.max(now, end);
    },
    get time() {
      return now;
    },
  };
  return timers;
}

t.test('frame scheduler: by default it only sleeps — 60 frames a second, never a busy wait, under a millisecond and a half late', async (t) => {
  const timers = simulatedTimers();
  const frames: Frame[] = [];
  const s = createFrameScheduler({ hz: 60, timers, onFrame: (f) => void frames.push(f) });
  s.start();
  timers.runUntil(1000 + 10_000 + 2);
  s.stop();
  t.equal(frames.length, 600, '600 frames in 10 s: no drift (setInterval would give ~622)');
  t.ok(frames.every((f, i) => f.index === i), 'no frame skipped');
  t.equal(timers.immediates, 0, 'no setImmediate spinning: an idle loop costs no CPU');
  const worst = Math.max(...frames.map((f) => f.lateMs));
  // Whole-millisecond timers that fire 0.7 ms late: at most one rounding up plus the slop.
  t.ok(worst <= 1.7 + 1e-9, `worst lateness ${worst.toFixed(3)} ms`);
  t.ok(Math.abs(frames[599].dueAt - frames[0].dueAt - (599 * 1000) / 60) < 1e-6, 'frames stay on the t0 + k·period grid');
});

t.test('frame scheduler: with spinMs it yields through the last millisecond for sub-0.1 ms lateness', async (t) => {
  const timers = simulatedTimers();
  const frames: Frame[] = [];
  const s = createFrameScheduler({ hz: 60, timers, spinMs: 1, onFrame: (f) => void frames.push(f) });
  s.start();
  timers.runUntil(1000 + 10_000 + 0.5);
  s.stop();
  t.equal(frames.length, 600, '600 frames in 10 s: no drift (setInterval would give ~622)');
  t.ok(frames.every((f, i) => f.index === i), 'no frame skipped');
  const worst = Math.max(...frames.map((f) => f.lateMs));
  t.ok(worst < 0.1, `worst lateness ${worst.toFixed(3)} ms`);
  t.ok(Math.abs(frames[599].dueAt - frames[0].dueAt - (599 * 1000) / 60) < 1e-6, 'frames stay on the t0 + k·period grid');
  t.ok(timers.timeouts >= 599, 'sleeps with setTimeout between frames');
  t.ok(timers.immediates > 0, 'and yields with setImmediate near each deadline');
});

t.test('frame scheduler: a frame that overruns skips the missed frames and keeps the phase', async (t) => {
  const timers = simulatedTimers();
  const frames: Frame[] = [];
  const s = createFrameScheduler({
    hz: 60,
    timers,
    spinMs: 1,
    onFrame: (f) => {
      frames.push(f);
      if (f.index === 10) timers.spend(50); // three periods
    },
  });
  s.start();
  timers.runUntil(1000 + 1000);
  s.stop();
  t.equal(s.skipped, 2, 'two whole frames were missed');
  const after = frames.find((f) => f.index > 10)!;
  t.equal(after.index, 13);
  t.ok(after.lateMs < 0.1, 'the next frame is back on schedule');
  t.ok(frames.length >= 56 && frames.length <= 58);
});

t.test('frame scheduler: stop cancels the pending wait', async (t) => {
  const timers = simulatedTimers();
  let count = 0;
  const s = createFrameScheduler({ hz: 60, timers, onFrame: () => void count++ });
  s.start();
  timers.runUntil(1000 + 100);
  s.stop();
  const at = count;
  timers.runUntil(1000 + 1000);
  t.equal(count, at);
  t.notOk(s.running);
});
