import type { AnyMachineSnapshot } from 'xstate';
import type { BusEvent, Envelope } from '../bus/index.js';
import type { Audience, TickInput } from '../contract/index.js';
import type { ActorKind, KindTick } from './actor-kind.js';
import type { Clock } from './clock.js';
import { createFrameScheduler, realTimers, type Frame, type FrameTimers } from './frame-scheduler.js';
import type { Logger } from './logger.js';
import type { Slot } from './slot.js';

/** What a ticked kind hears after each frame (its statistics and metrics hang here). */
export interface TickFrame {
  /** Frame number since the scheduler started (skipped frames included). */
  index: number;
  /** How late the frame started, and how long this kind's steps took, ms. */
  lateMs: number;
  busyMs: number;
  /** Actors of this kind stepped in the frame. */
  ticked: number;
  /** Frames skipped since the host started, because a frame started more than a period late. */
  skipped: number;
}

/** A ticked kind as the scheduler runs it. */
export interface TickedKind {
  kind: string;
  tick: KindTick;
  inputs: ReadonlyMap<string, TickInput<object, object>>;
  /** Its actors live on the tick, stepped every frame in the order they went live. */
  live: Set<Slot>;
}

export interface TickSchedulerDeps {
  kinds: readonly ActorKind[];
  clock: Clock;
  logger: Logger;
  /** Monotonic time the frames are scheduled on (the actors' clock is `clock`). */
  timers?: FrameTimers;
  topicFor(slot: Slot, to: Audience): string | undefined;
  /** Where frames are published. */
  publish(topic: string, event: BusEvent): void;
  /**
   * A step reported something (a point, the end): the actor's state moved without a transition the
   * journal would see, so it is covered by a snapshot in the next commit.
   */
  persist(slot: Slot): void;
  process(slot: Slot, envelope: Envelope): void;
  /** A step threw: the actor is dropped here and comes back from its last stored snapshot. */
  retire(slot: Slot): void;
}

/**
 * The tick: the host's one drift-compensated frame scheduler steps every ticked actor that
 * is live (its kind's `active(snapshot)` holds), calling the kind's pure `step` on the
 * ticked state in its context, in place: no transition, no copy, no message per frame.
 * What a step emits goes to the audience the kind names, resolved to a topic once per
 * transition; what it reports (`$tick.*`) goes through the actor's mailbox. Inputs the kind's
 * `input` handlers take are applied to the live state on arrival, in mailbox order. The
 * scheduler runs only while some actor is live.
 */
export function createTickScheduler(deps: TickSchedulerDeps) {
  const { clock, logger, topicFor, publish } = deps;
  const timers = deps.timers ?? realTimers;
  const tickedKinds = new Map<string, TickedKind>();
  for (const kind of deps.kinds) {
    if (!kind.tick) continue;
    tickedKinds.set(kind.kind, { kind: kind.kind, tick: kind.tick, inputs: new Map(Object.entries(kind.tick.input ?? {})), live: new Set() });
  }
  const all = [...tickedKinds.values()];
  const rates = new Set(all.map((k) => k.tick.hz));
  if (rates.size > 1) throw new Error(`ticked actor kinds must share one rate (one scheduler): ${all.map((k) => `${k.kind} ${k.tick.hz} Hz`).join(', ')}`);
  const scheduler = all.length > 0 ? createFrameScheduler({ hz: all[0].tick.hz, timers, onFrame }) : undefined;

  function onFrame(frame: Frame) {
    const now = clock.now();
    let live = 0;
    for (const k of all) {
      const started = timers.now();
      let ticked = 0;
      for (const slot of k.live) {
        ticked++;
        step(k, slot, now);
      }
      live += k.live.size;
      if (k.tick.onFrame === undefined) continue;
      try {
        k.tick.onFrame({ index: frame.index, lateMs: frame.lateMs, busyMs: timers.now() - started, ticked, skipped: scheduler!.skipped });
      } catch (error) {
        logger.error({ err: error, kind: k.kind }, 'tick onFrame hook failed');
      }
    }
    if (live === 0) scheduler!.stop();
  }

  function step(k: TickedKind, slot: Slot, now: number) {
    let report: BusEvent | null;
    try {
      report = k.tick.step(slot.tickState!, now, slot.emitFrame!);
    } catch (error) {
      logger.error({ err: error, address: slot.address }, 'tick step failed; dropping the actor (it restores from its last snapshot)');
      return deps.retire(slot);
    }
    slot.dirty = true;
    if (report !== null) {
      // A point with no taunt changes no machine state: without this it would wait for the periodic snapshot.
      deps.persist(slot);
      deps.process(slot, { event: report });
    }
  }

  /** Take a slot off the tick (it left its ticking state, or it stops). */
  function release(slot: Slot) {
    slot.ticked?.live.delete(slot);
    slot.tickState = slot.tickContext = slot.tickTopic = undefined;
  }

  return {
    /** Bind a new slot of a ticked kind. */
    bind(slot: Slot) {
      slot.ticked = tickedKinds.get(slot.kind.kind);
      slot.emitFrame = (event) => {
        const topic = slot.tickTopic;
        if (topic !== undefined) publish(topic, event);
      };
    },
    /** After a snapshot change: go live, follow a new ticked state, or leave the tick. */
    sync(slot: Slot, snapshot: AnyMachineSnapshot) {
      const k = slot.ticked!;
      if (snapshot.status === 'active' && k.tick.active(snapshot)) {
        const context = snapshot.context as Record<string, object>;
        slot.tickState = context[k.tick.field];
        slot.tickContext = context;
        slot.tickTopic = topicFor(slot, k.tick.audience(context));
        if (!k.live.has(slot)) {
          k.live.add(slot);
          if (!scheduler!.running) scheduler!.start();
        }
      } else if (slot.tickState !== undefined) release(slot);
    },
    release,
    /** The input fast path: a live ticked actor applies an input its kind takes, in place. */
    takeInput(slot: Slot, envelope: Envelope): boolean {
      const input = slot.ticked!.inputs.get(envelope.event.type);
      if (input === undefined) return false;
      const now = clock.now();
      if (!input(slot.tickState!, envelope.event, now, slot.tickContext!)) return false;
      slot.lastActiveAt = now;
      slot.dirty = true;
      return true;
    },
    /**
     * A snapshot whose ticked state is a copy taken now: what readers and the store get, so
     * the state they hold does not move on under them (and a reader sees a moving actor as a
     * new snapshot each time).
     */
    frozen<T extends { context: unknown }>(slot: Slot, snapshot: T): T {
      if (slot.tickState === undefined) return snapshot;
      return { ...snapshot, context: { ...(snapshot.context as object), [slot.ticked!.tick.field]: { ...slot.tickState } } };
    },
    /** Stop stepping (shutdown): the ticked states stay where they are, for the final snapshots. */
    stop() {
      scheduler?.stop();
      for (const k of all) k.live.clear();
    },
  };
}

export type TickScheduler = ReturnType<typeof createTickScheduler>;
