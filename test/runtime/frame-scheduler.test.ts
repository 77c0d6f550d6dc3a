import t from 'tap';
import { LOOP_TOPIC, freshGame } from '../../machines/pong/match-machine.js';
import { defaultMatchSettings } from '../../machines/pong/settings.js';
import { createBus } from '../../src/bus/index.js';
import { createMetrics } from '../../src/gateway/metrics.js';
import { createFrameScheduler, type Frame, type FrameTimers } from '../../src/sessions/pong/frame-scheduler.js';
import { createMatchLoop } from '../../src/sessions/pong/match-loop.js';

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

t.test('frame scheduler: holds exactly 60 frames per second with sub-millisecond lateness', async (t) => {
  const timers = simulatedTimers();
  const frames: Frame[] = [];
  const s = createFrameScheduler({ hz: 60, timers, onFrame: (f) => void frames.push(f) });
  s.start();
  timers.runUntil(1000 + 10_000 + 0.5);
  s.stop();
  t.equal(frames.length, 600, '600 frames in 10 s: no drift (setInterval would give ~622)');
  t.ok(frames.every((f, i) => f.index === i), 'no frame skipped');
  const worst = Math.max(...frames.map((f) => f.lateMs));
  t.ok(worst < 0.1, `worst lateness ${worst.toFixed(3)} ms`);
  t.ok(Math.abs(frames[599].dueAt - frames[0].dueAt - (599 * 1000) / 60) < 1e-6, 'frames stay on the t0 + k·period grid');
  t.ok(timers.timeouts >= 599, 'sleeps with setTimeout between frames');
});

t.test('frame scheduler: a frame that overruns skips the missed frames and keeps the phase', async (t) => {
  const timers = simulatedTimers();
  const frames: Frame[] = [];
  const s = createFrameScheduler({
    hz: 60,
    timers,
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

t.test('match loop: one game_state per live match per frame, reports to the actor, lag and budget exported', async (t) => {
  const timers = simulatedTimers();
  const bus = createBus();
  const metrics = createMetrics(() => ({}));
  const settings = { ...defaultMatchSettings, thonkTimeoutMs: 1_000_000 };
  const wall = { now: () => 1_800_000_000_000 + timers.now() };
  const states = new Map<string, number>();
  for (const id of ['a', 'b']) bus.subscribe(`pong/${id}/${id}`, (e) => void (e.type === 'game_state' && states.set(id, (states.get(id) ?? 0) + 1)));
  const reports: { address: string; type: string; tick: number }[] = [];
  bus.serve('pong', (address, envelope) => void reports.push({ address, type: envelope.event.type, tick: (envelope.event.game as { tick: number }).tick }));
  const loop = createMatchLoop({ bus, metrics, settings, clock: wall, timers });
  loop.attach();
  const game = freshGame(settings, wall.now(), 42);
  bus.publish(LOOP_TOPIC, { type: 'loop', address: 'pong/a', live: true, game, calibration: null });
  bus.publish(LOOP_TOPIC, { type: 'loop', address: 'pong/b', live: true, game, calibration: null });
  t.equal(game.tick, 0, 'the loop steps its own copy of the game');
  timers.runUntil(1000 + 1000 + 0.5);
  t.same(Object.fromEntries(states), { a: 60, b: 60 }, 'one second: 60 states each');
  t.same(reports.filter((r) => r.address === 'pong/a').map((r) => `${r.type}@${r.tick}`), ['$loop.sync@30', '$loop.sync@60'], 'an uneventful game is reported every 30 ticks');
  t.same(reports.filter((r) => r.address === 'pong/b').map((r) => `${r.type}@${r.tick}`), ['$loop.sync@29', '$loop.sync@59'], 'matches that started together report in different frames');
  bus.publish(LOOP_TOPIC, { type: 'loop', address: 'pong/a', live: false });
  t.same(reports.at(-1), { address: 'pong/a', type: '$loop.sync', tick: 60 }, 'a match leaving gets its game back');
  timers.runUntil(1000 + 2000 + 0.5);
  t.same(Object.fromEntries(states), { a: 60, b: 120 }, 'a left the loop');
  const stats = loop.stats();
  t.equal(stats.matches, 1);
  t.equal(stats.matchTicks, 180);
  t.ok(stats.lateMs.max < 0.1);
  bus.publish(LOOP_TOPIC, { type: 'loop', address: 'pong/b', live: false });
  timers.runUntil(1000 + 2100);
  const frames = loop.stats().frames;
  timers.runUntil(1000 + 3000);
  t.equal(loop.stats().frames, frames, 'no live match: the scheduler stops');
  const text = await metrics.registry.metrics();
  t.match(text, /actorcade_tick_lag_seconds_count 12[12]/);
  t.match(text, /actorcade_tick_duration_seconds_count 12[12]/);
  loop.detach();
});

t.test('match loop: a lost signal stops the match and reports $loop.thonk; inputs keep it alive', async (t) => {
  const timers = simulatedTimers();
  const bus = createBus();
  const settings = { ...defaultMatchSettings, thonkTimeoutMs: 500 };
  const reports: string[] = [];
  bus.serve('pong', (address, envelope) => void reports.push(`${address} ${envelope.event.type}`));
  const loop = createMatchLoop({ bus, metrics: createMetrics(() => ({})), settings, clock: timers, timers });
  loop.attach();
  for (const id of ['quiet', 'busy']) bus.publish(LOOP_TOPIC, { type: 'loop', address: `pong/${id}`, live: true, game: freshGame(settings, timers.now(), 1), calibration: null });
  for (let ms = 50; ms <= 1500; ms += 50) {
    timers.runUntil(1000 + ms);
    t.ok(loop.offerInput('pong/busy', 'LEFT', timers.now()) || ms > 1400);
  }
  t.same(reports.filter((r) => !r.endsWith('sync')), ['pong/quiet $loop.thonk'], 'only the silent match stopped');
  t.same(loop.live(), ['pong/busy']);
  t.notOk(loop.offerInput('pong/quiet', 'LEFT', timers.now()), 'a stopped match takes no input: the actor answers it');
  loop.detach();
});
