import { SimulatedClock } from 'xstate';
import { createMatchMachine, MATCH_KIND } from '../../machines/pong/match-machine.js';
import { createMatchTick } from '../../machines/pong/match-ticker.js';
import { defaultMatchSettings, type MatchSettings } from '../../machines/pong/settings.js';
import { createBus } from '../../src/bus/index.js';
import { connTopic, memberTopic, type Outgoing } from '../../src/contract/index.js';
import { createActorHost, defineActorKind } from '../../src/runtime/index.js';
import { createSqliteStore, type Store } from '../../src/store/index.js';
import { timersOn } from '../runtime/frame-timers.js';

export const ID = '6f1c2d4e-0000-4000-8000-000000000001';
export const T0 = 1_800_000_000_000;

/**
 * A match actor on the real actor host and its tick, on one simulated clock, wired through
 * an in-process bus as the server wires them: `send` plays the gateway (every message,
 * inputs included, goes over the bus to the host), `out` collects what the machine emitted
 * (with its audience) and the tick's game_state frames from the player's member topic.
 */
export async function harness(overrides: Partial<MatchSettings> = {}, id = ID, store?: Store) {
  const s = { ...defaultMatchSettings, serveDelayTicks: 10, ...overrides };
  const clock = new SimulatedClock();
  clock.set(T0);
  const address = `${MATCH_KIND}/${id}`;
  const bus = createBus();
  const db = store ?? (await createSqliteStore(':memory:'));
  const kind = defineActorKind({
    kind: MATCH_KIND,
    machine: createMatchMachine(s),
    input: (actorId) => ({ id: actorId }),
    shouldPersist: (snapshot) => snapshot.context.calibration !== null,
    // The probe below activates the actor before the test speaks, so its messages are handled
    // synchronously; a fresh actor a probe left unchanged would be retired at once (nothing
    // created), so this one is never passivated (no test here passivates: autoSweep is off).
    canPassivate: () => false,
    tick: createMatchTick(s),
  });
  const host = createActorHost({ bus, store: db, clock, kinds: [kind], autoSweep: false, frameTimers: timersOn(clock) });
  const out: Outgoing[] = [];
  host.observe({ onEmit: (_address, outgoing) => void out.push(outgoing) });
  bus.subscribe(memberTopic(address, id), (event) => void (event.type === 'game_state' && out.push({ type: '$out', to: { member: id }, event })));
  // Activate the actor (restored from `store` when it holds one) before the test speaks.
  await bus.request(address, { type: '$metrics' }, { timeoutMs: 1000 });
  out.length = 0;
  const send = (event: { type: string; [field: string]: any }, conn = 'c1') =>
    bus.send(address, { event: { ...event }, from: { conn, member: id }, replyTo: connTopic(conn) });
  /** Advance simulated time in 1 ms steps, so the tick's frames start on time. */
  const advance = (ms: number) => {
    for (let done = 0; done < ms; done++) clock.increment(1);
  };
  const actor = { getSnapshot: () => host.snapshotOf(address)! };
  const wire = () => out.filter((o) => !o.event.type.startsWith('$'));
  const ofType = (type: string) => out.filter((o) => o.event.type === type).map((o) => o.event as any);
  return { s, clock, host, store: db, address, actor, out, send, advance, wire, ofType };
}

/** Run a calibration with synthetic signals of the given separation; returns the outcome event. */
export function calibrate(h: Harness, separation: number) {
  const before = h.ofType('calibration_complete').length;
  h.send({ type: 'start_calibration' });
  for (let guard = 0; guard < 10_000; guard++) {
    const done = h.ofType('calibration_complete');
    if (done.length > before) return done.at(-1);
    const steps = h.ofType('calibration_step');
    const step = steps.at(-1)?.data.step ?? 'baseline';
    const noise = (((guard * 7919) % 100) / 100 - 0.5) * 0.2;
    const bias = step === 'left' ? separation : step === 'right' ? -separation : 0;
    h.send({ type: 'calibration_sample', signals: { up: 0, down: 0, left: bias / 2 + noise, right: -bias / 2 }, timestamp: h.clock.now() });
    h.advance(20);
  }
  throw new Error('calibration never completed');
}

/** Play with a player policy that answers every game_state with an input, until `until` holds or maxTicks states came. */
export function play(h: Harness, policy: (state: any) => string, until: () => boolean, maxTicks = 60 * 60 * 20) {
  let ticks = 0;
  let seen = h.out.length;
  h.send({ type: 'input_command', direction: 'NEUTRAL', timestamp: h.clock.now() });
  while (!until() && ticks < maxTicks) {
    h.clock.increment(1);
    let last: any;
    for (; seen < h.out.length; seen++) if (h.out[seen].event.type === 'game_state') last = (h.out[seen].event as any).data;
    if (last) {
      ticks++;
      h.send({ type: 'input_command', direction: policy(last), timestamp: h.clock.now() });
    }
  }
  return ticks;
}

export const chase = (st: any) => (!st ? 'NEUTRAL' : st.ball.y < st.playerPaddle.y - 15 ? 'LEFT' : st.ball.y > st.playerPaddle.y + 15 ? 'RIGHT' : 'NEUTRAL');
export const dodge = (st: any) => (!st ? 'NEUTRAL' : st.ball.y < st.playerPaddle.y ? 'RIGHT' : 'LEFT');

export type Harness = Awaited<ReturnType<typeof harness>>;
