import { assign, enqueueActions, setup } from 'xstate';
import { out, type Outgoing } from '../../src/contract/index.js';
import { abandonDeadline } from './abandoned-seats.js';
import { betweenDeadline, createTable, handleEvent, handleRestored, handleSettle, handleTimer, tableSummary, type Step, type TableEvent } from './engine.js';
import { initialTableContext, type Phase, type TableContext, type TableInput } from './table-state.js';

/**
 * The poker table: one actor per table (`poker/<tableId>`). States a designer reads:
 *
 *   uncreated → created.{ waiting.{ idle | seatAway } | between | hand.{ preflop | flop | turn | river }.{ action | timebank | grace } | hand.showdown }
 *
 * All rules live in pure helpers (engine.ts and friends); the machine routes events to them
 * and owns the timers. Every timer is a deadline in context (`turn.deadline`, `nextHandAt`,
 * a seat's `awaySince` + the abandon time; `seatAway` is waiting with such a seat):
 * timed states re-enter whenever `epoch` moves, so `after` delays are re-armed — also after
 * `$restored` (xstate#5331: restored actors have no pending timers).
 */

const COMMANDS = ['SIT', 'LEAVE', 'SIT_OUT', 'SIT_IN', 'POST_BLIND', 'ACTION', 'REBUY', 'WATCH', '$disconnect', '$resume', '$summary', '$create'] as const;

const tableSetup = setup({
  types: {
    context: {} as TableContext,
    events: {} as TableEvent,
    input: {} as TableInput,
    emitted: {} as Outgoing,
  },
  actions: {
    apply: enqueueActions(({ context, event, enqueue }) => commit(enqueue, context, handleEvent(context, event))),
    create: enqueueActions(({ context, event, enqueue }) => commit(enqueue, context, createTable(context, event))),
    turnTimeout: enqueueActions(({ context, enqueue }) => commit(enqueue, context, handleTimer(context, 'turn'))),
    nextHand: enqueueActions(({ context, enqueue }) => commit(enqueue, context, handleTimer(context, 'between'))),
    abandon: enqueueActions(({ context, enqueue }) => commit(enqueue, context, handleTimer(context, 'abandon'))),
    settle: enqueueActions(({ context, enqueue }) => commit(enqueue, context, handleSettle(context))),
    arm: assign({ armedEpoch: ({ context }) => context.epoch }),
    /** The session publishes it (see TABLE_SUMMARIES_TOPIC); nothing here touches the world. */
    announceSummary: (_, _params: { table: TableSummary }) => {},
    restored: enqueueActions(({ context, event, enqueue }) => {
      if (context.phase === 'uncreated') enqueue.assign({ epoch: context.epoch + 1, now: event.$at ?? context.now });
      else commit(enqueue, context, handleRestored(context, event));
    }),
    notFound: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === '$disconnect' || event.type === '$resume' || event.type === '$restored') return;
      enqueue.emit(
        out('sender', {
          type: 'ERROR',
          tableId: context.tableId,
          code: 'TABLE_NOT_FOUND',
          msg: `no table ${context.tableId}`,
          ...(typeof event.cmdId === 'string' ? { cmdId: event.cmdId } : {}),
        }),
      );
    }),
  },
  delays: {
    turnDeadline: ({ context }) => Math.max(0, (context.turn?.deadline ?? context.now) - context.now),
    nextHandDeadline: ({ context }) => Math.max(0, betweenDeadline(context) - context.now),
    abandonDeadline: ({ context }) => Math.max(0, (abandonDeadline(context) ?? context.now) - context.now),
  },
});

/** The `always` transitions of a state of this machine. */
type Routes = NonNullable<Parameters<typeof tableSetup.createStateConfig>[0]['always']>;

export const tableMachine = tableSetup.createMachine({
  id: 'table',
  context: ({ input }) => initialTableContext(input),
  initial: 'uncreated',
  on: { $restored: { actions: 'restored' } },
  states: {
    uncreated: {
      on: {
        $create: { target: 'created', actions: 'create', guard: ({ event }) => isSettings(event.settings) },
        '*': { actions: 'notFound' },
      },
    },
    created: {
      initial: 'route',
      on: Object.fromEntries(COMMANDS.map((type) => [type, { actions: 'apply' }])),
      states: {
        route: { always: routes(false) },
        waiting: {
          initial: 'idle',
          states: {
            idle: { entry: 'arm', always: routes(true) },
            seatAway: { entry: 'arm', always: routes(true), after: { abandonDeadline: { actions: 'abandon' } } },
          },
        },
        between: {
          entry: 'arm',
          always: routes(true),
          after: { nextHandDeadline: { actions: 'nextHand' } },
        },
        hand: {
          initial: 'preflop',
          states: {
            preflop: bettingRound(),
            flop: bettingRound(),
            turn: bettingRound(),
            river: bettingRound(),
            showdown: { always: { actions: 'settle', target: '#table.created.route' } },
          },
        },
      },
    },
  },
});

/** A betting street: whose clock is running (their action time, their timebank, or the disconnect grace). */
function bettingRound() {
  const timed = tableSetup.createStateConfig({ entry: 'arm', always: routes(true), after: { turnDeadline: { actions: 'turnTimeout' } } });
  return tableSetup.createStateConfig({ initial: 'action', states: { action: timed, timebank: timed, grace: timed } });
}

function timedLeaves(): { phase: Phase; timer?: 'action' | 'timebank' | 'grace' | 'idle' | 'seatAway'; target: string }[] {
  return [
    { phase: 'waiting', timer: 'idle', target: '#table.created.waiting.idle' },
    { phase: 'waiting', timer: 'seatAway', target: '#table.created.waiting.seatAway' },
    { phase: 'between', target: '#table.created.between' },
    { phase: 'showdown', target: '#table.created.hand.showdown' },
    ...(['preflop', 'flop', 'turn', 'river'] as const).flatMap((street) =>
      (['action', 'timebank', 'grace'] as const).map((timer) => ({ phase: street, timer, target: `#table.created.hand.${street}.${timer}` })),
    ),
  ];
}

/**
 * Where the table belongs for its `phase` and turn timer. From a timed state (`onlyIfMoved`)
 * the table moves — re-entering, so its `after` delay is re-armed — only when `epoch` moved.
 */
function routes(onlyIfMoved: boolean): Routes {
  return timedLeaves().map(({ phase, timer, target }) => ({
    guard: ({ context }: { context: TableContext }) =>
      (!onlyIfMoved || context.epoch !== context.armedEpoch) &&
      context.phase === phase &&
      (timer === undefined || timerOf(context) === timer),
    target,
    reenter: true,
  }));
}

/** Which clock a state of the table's phase runs. */
function timerOf(context: TableContext): string {
  if (context.phase === 'waiting') return abandonDeadline(context) === null ? 'idle' : 'seatAway';
  return context.turn?.phase ?? 'action';
}

function isSettings(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/**
 * The topic the session announces each table's lobby summary on (`$table_summary`) whenever
 * what `GET /api/tables` shows changes, so the list is answered without waking a table. The
 * machine only calls the named action `announceSummary`; the session provides the publish.
 */
export const TABLE_SUMMARIES_TOPIC = 'poker-tables';

/** The lobby summary a table announces (`tableSummary`). */
export type TableSummary = ReturnType<typeof tableSummary>;

type Enqueue = { assign: (ctx: TableContext) => void; emit: (event: Outgoing) => void };
/** A named action of this machine, enqueued by name so `.provide()` can replace it (the setup's enqueuer types none). */
type EnqueueNamed = (action: { type: 'announceSummary'; params: { table: TableSummary } }) => void;

function commit(enqueue: Enqueue, before: TableContext, step: Step) {
  enqueue.assign(step.ctx);
  for (const event of step.events) enqueue.emit(event);
  if (summaryChanged(before, step.ctx)) (enqueue as unknown as EnqueueNamed)({ type: 'announceSummary', params: { table: tableSummary(step.ctx) } });
}

function summaryChanged(before: TableContext, after: TableContext): boolean {
  if (after.phase === 'uncreated') return false;
  if (before.phase !== after.phase || (before.hand?.id ?? null) !== (after.hand?.id ?? null)) return true;
  return seated(before) !== seated(after);
}

const seated = (ctx: TableContext) => ctx.seats.reduce((n, seat) => (seat === null ? n : n + 1), 0);
