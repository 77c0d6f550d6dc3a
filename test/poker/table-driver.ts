import { createActor, SimulatedClock } from 'xstate';
import { chipsOnTable } from '../../machines/poker/engine.js';
import { seededRng } from '../../machines/poker/rng.js';
import { defaultTableSettings, defaultTablePolicy, type TableContext, type TablePolicy, type TableSettings } from '../../machines/poker/table-state.js';
import { tableMachine } from '../../machines/poker/table-machine.js';
import type { Outgoing } from '../../src/contract/index.js';

/**
 * Drive one table actor the way the runtime does (every message stamped with `$from` and
 * `$at`, a simulated clock), recording what it emits. Test helper, not production code.
 */
export function createTableDriver(settings: Partial<TableSettings> = {}, seed = 1, tableId = 't-test', policy: Partial<TablePolicy> = {}) {
  const clock = new SimulatedClock();
  clock.set(1_700_000_000_000);
  const actor = createActor(tableMachine, { input: { tableId, rng: seededRng(seed), policy: { ...defaultTablePolicy, ...policy } }, clock });
  const emitted: Outgoing[] = [];
  let sender: string | undefined;
  actor.on('$out', (e) => {
    const o = e as unknown as Outgoing;
    emitted.push(o.to === 'sender' && sender ? { ...o, to: { conn: sender } } : o);
  });
  const errors: unknown[] = [];
  actor.subscribe({ error: (err) => errors.push(err) });
  actor.start();
  const send = (member: string | undefined, event: Record<string, unknown>, conn = member ? `c-${member}` : undefined) => {
    sender = conn ?? 'rest';
    const start = emitted.length;
    actor.send({ ...event, type: String(event.type), $from: { member, conn }, $at: clock.now() } as never);
    sender = undefined;
    if (errors.length) throw errors[0];
    return emitted.slice(start);
  };
  const driver = {
    actor,
    clock,
    emitted,
    send,
    context: () => actor.getSnapshot().context as TableContext,
    value: () => actor.getSnapshot().value,
    /** Advance simulated time in steps no larger than `step` ms. */
    advance(ms: number, step = 250) {
      const start = emitted.length;
      for (let left = ms; left > 0; left -= step) clock.increment(Math.min(step, left));
      if (errors.length) throw errors[0];
      return emitted.slice(start);
    },
    chips: () => chipsOnTable(actor.getSnapshot().context as TableContext),
  };
  send(undefined, { type: '$create', settings: { ...defaultTableSettings, ...settings } });
  return driver;
}

export type TableDriver = ReturnType<typeof createTableDriver>;

/** Wire events (the `event` of each outgoing), optionally of one type. */
export const eventsOf = (outs: Outgoing[], type?: string) => outs.map((o) => o.event).filter((e) => !type || e.type === type) as any[];

/** The player whose turn it is. */
export function actingPlayer(d: TableDriver): string {
  const ctx = d.context();
  if (!ctx.hand || ctx.hand.acting === null) throw new Error(`nobody to act (phase ${ctx.phase})`);
  return ctx.seats[ctx.hand.acting]!.playerId;
}

let cmd = 0;
/** The acting player acts; returns the wire events it caused. */
export function act(d: TableDriver, action: string, amount?: number) {
  return eventsOf(d.send(actingPlayer(d), { type: 'ACTION', cmdId: `a-${++cmd}`, action, ...(amount === undefined ? {} : { amount }) }));
}

/**
 * A table with players in seats 0..n-1 holding `stacks`, whose first hand has just started
 * with the button on `button` (tries deck seeds until the button draw lands there).
 */
export function tableWithButton(stacks: number[], button: number, settings: Partial<TableSettings> = {}, policy: Partial<TablePolicy> = {}) {
  for (let seed = 1; seed < 500; seed++) {
    const d = createTableDriver({ minBuyIn: 100, maxBuyIn: 100_000, nextHandDelayMs: 1000, ...settings }, seed, 't-test', policy);
    stacks.forEach((stack, i) => d.send(`p${i}`, { type: 'SIT', cmdId: `sit-${i}`, buyIn: stack, seat: i }));
    d.advance(1000);
    if (d.context().hand?.button === button) return d;
  }
  throw new Error('no seed puts the button there');
}
