import { join, out, type Outgoing } from '../../src/contract/index.js';
import { Rejection } from './errors.js';
import { abandonDeadline, forgetExpiredKept, markAway, markBack, onRestored, standUpAbandoned } from './abandoned-seats.js';
import { canStartHand, scheduleNextHand, startHand } from './hand-start.js';
import { applyAction, type ActionName } from './player-action.js';
import { settle } from './showdown.js';
import { onTurnDisconnect, onTurnReconnect, onTurnTimeout } from './turn-timers.js';
import { leave, postBlind, rebuy, sit, sitIn, sitOut, watch } from './seating.js';
import { validateSettings, type TableContext, type TableSettings } from './table-state.js';
import { errorEvent, personalSnapshot, seatOf } from './views.js';

/**
 * One entry point from the machine into the pure rules: an event and the context in, the
 * next context and the wire events out. Rejections leave the context as it was (only the
 * cmdId is remembered) and answer the sender with ERROR and a fresh TABLE_SNAPSHOT.
 */
export interface TableEvent {
  type: string;
  $from?: { conn?: string; member?: string };
  $at?: number;
  [field: string]: unknown;
}

export interface Step {
  ctx: TableContext;
  events: Outgoing[];
}

/** How many recent cmdIds are remembered per player for duplicate detection. */
export const SEEN_CMD_IDS = 64;

/**
 * A draft the rules may mutate: every object they mutate is copied (seats, hand, players,
 * deck, board, connections); what they only ever replace (settings, rng, seen, hole cards,
 * turn, positions) is shared. ~50× cheaper than structuredClone.
 */
function clone(c: TableContext): TableContext {
  return {
    ...c,
    seats: c.seats.map((s) => s && { ...s, connections: [...s.connections] }),
    hand: c.hand && {
      ...c.hand,
      deck: [...c.hand.deck],
      board: [...c.hand.board],
      players: c.hand.players.map((p) => ({ ...p })),
    },
  };
}

function remember(ctx: TableContext, member: string, cmdId: string): TableContext {
  const list = ctx.seen[member] ?? [];
  const next = list.length >= SEEN_CMD_IDS ? [...list.slice(list.length - SEEN_CMD_IDS + 1), cmdId] : [...list, cmdId];
  return { ...ctx, seen: { ...ctx.seen, [member]: next } };
}

/** A client command or a runtime event ($disconnect, $resume, $summary, $create). */
export function handleEvent(context: TableContext, event: TableEvent): Step {
  const now = typeof event.$at === 'number' ? event.$at : context.now;
  const member = event.$from?.member;
  const conn = event.$from?.conn;
  const cmdId = typeof event.cmdId === 'string' ? event.cmdId : undefined;
  let base: TableContext = { ...context, now };
  if (cmdId !== undefined && member !== undefined) {
    if (context.seen[member]?.includes(cmdId)) return { ctx: base, events: [out('sender', personalSnapshot(base, member))] };
    base = remember(base, member, cmdId);
  }
  const ctx = clone(base);
  forgetExpiredKept(ctx);
  const events: Outgoing[] = [];
  try {
    switch (event.type) {
      case 'SIT':
        sit(ctx, events, member, conn, event.buyIn, event.seat);
        break;
      case 'LEAVE':
        leave(ctx, events, member);
        break;
      case 'SIT_OUT':
        sitOut(ctx, events, member);
        break;
      case 'SIT_IN':
        sitIn(ctx, events, member);
        break;
      case 'REBUY':
        rebuy(ctx, events, member, event.amount);
        break;
      case 'POST_BLIND':
        postBlind(ctx, events, member, event.blindType);
        break;
      case 'WATCH':
        watch(ctx, events, member);
        break;
      case 'ACTION': {
        const seat = seatOf(ctx, member);
        if (seat < 0) throw new Rejection('NOT_SEATED', 'you have no seat at this table');
        if (!ctx.hand || ctx.hand.acting === null || ctx.turn === null) throw new Rejection('NOT_YOUR_TURN', 'no player is to act now');
        if (ctx.hand.acting !== seat) throw new Rejection('NOT_YOUR_TURN', `it is seat ${ctx.hand.acting}'s turn`);
        const amount = event.amount === undefined ? undefined : (event.amount as number);
        applyAction(ctx, events, seat, event.action as ActionName, amount);
        break;
      }
      case '$disconnect': {
        const seat = seatOf(ctx, member);
        if (seat < 0) return { ctx: context, events: [] };
        const s = ctx.seats[seat]!;
        s.connections = s.connections.filter((c) => c !== conn);
        if (s.connections.length === 0) {
          markAway(ctx, s);
          onTurnDisconnect(ctx, events, seat);
        }
        break;
      }
      case '$resume': {
        // A resumed socket hears the table again (seated or watching) and gets its own view.
        if (member === undefined) return { ctx: context, events: [] };
        events.push(out('sender', join(member)));
        const seat = seatOf(ctx, member);
        if (seat >= 0) {
          const s = ctx.seats[seat]!;
          if (conn && !s.connections.includes(conn)) s.connections.push(conn);
          if (s.connections.length > 0) markBack(ctx, s);
          onTurnReconnect(ctx, events, seat);
        }
        events.push(out('sender', personalSnapshot(ctx, member)));
        break;
      }
      case '$summary':
        events.push(out('sender', { type: 'TABLE_SUMMARY', table: tableSummary(ctx) }));
        return { ctx: context, events };
      case '$create':
        throw new Rejection('TABLE_EXISTS', `table ${ctx.tableId} already exists`);
      default:
        throw new Rejection('VALIDATION_ERROR', `unknown command ${event.type}`);
    }
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    return { ctx: base, events: [errorEvent(base, error.code, error.msg, cmdId), ...(member !== undefined ? [out('sender', personalSnapshot(base, member))] : [])] };
  }
  return { ctx, events };
}

/** Create the table (first message to a fresh actor). */
export function createTable(context: TableContext, event: TableEvent): Step {
  const settings = event.settings as TableSettings;
  const problems = validateSettings(settings);
  const ctx: TableContext = { ...context, now: event.$at ?? context.now };
  if (problems.length > 0) return { ctx, events: [errorEvent(ctx, 'VALIDATION_ERROR', problems.join('; '))] };
  const created: TableContext = { ...ctx, settings, seats: Array.from({ length: settings.maxSeats }, () => null), phase: 'waiting', epoch: ctx.epoch + 1 };
  return { ctx: created, events: [out('sender', { type: 'TABLE_CREATED', table: tableSummary(created) })] };
}

/** When the `between` timer is due: the next hand, or an away seat to free before it. */
export function betweenDeadline(ctx: TableContext): number {
  const abandon = abandonDeadline(ctx);
  const next = ctx.nextHandAt ?? ctx.now;
  return abandon !== null && abandon < next ? abandon : next;
}

/**
 * A timer of a timed state fired (no `$at`: the time is the deadline that was due): the
 * turn clock, the countdown between hands, or an away seat's time while the table waits.
 */
export function handleTimer(context: TableContext, which: 'turn' | 'between' | 'abandon'): Step {
  const ctx = clone(context);
  const events: Outgoing[] = [];
  if (which === 'turn') onTurnTimeout(ctx, events);
  else if (which === 'abandon') {
    ctx.now = Math.max(ctx.now, abandonDeadline(ctx) ?? ctx.now);
    standUpAbandoned(ctx, events);
  } else {
    ctx.now = Math.max(ctx.now, betweenDeadline(ctx));
    standUpAbandoned(ctx, events);
    if (ctx.nextHandAt !== null && ctx.now >= ctx.nextHandAt) startHand(ctx, events);
    else if (!canStartHand(ctx)) scheduleNextHand(ctx);
  }
  return { ctx, events };
}

/** `$restored`: timers re-arm from their deadlines; from the store, every seat is away. */
export function handleRestored(context: TableContext, event: TableEvent): Step {
  const ctx = clone({ ...context, now: event.$at ?? context.now });
  onRestored(ctx, event.source === 'store');
  return { ctx, events: [] };
}

/** The hand reached showdown (or everyone else folded): pay it out. */
export function handleSettle(context: TableContext): Step {
  const ctx = clone(context);
  const events: Outgoing[] = [];
  settle(ctx, events);
  return { ctx, events };
}

export function tableSummary(ctx: TableContext) {
  const s = ctx.settings;
  return {
    tableId: ctx.tableId,
    name: s.name,
    smallBlind: s.smallBlind,
    bigBlind: s.bigBlind,
    maxSeats: s.maxSeats,
    minBuyIn: s.minBuyIn,
    maxBuyIn: s.maxBuyIn,
    actionTimeMs: s.actionTimeMs,
    timebankMs: s.timebankMs,
    players: ctx.seats.filter((x) => x !== null).length,
    state: ctx.phase,
    handId: ctx.hand?.id ?? null,
  };
}

/** Total chips the table holds (stacks + everything in the pots + stacks kept for stood-up players): equals `ctx.bankroll` at every step. */
export function chipsOnTable(ctx: TableContext): number {
  const stacks = ctx.seats.reduce((sum, s) => sum + (s?.stack ?? 0), 0);
  const pots = ctx.hand?.players.reduce((sum, p) => sum + p.total, 0) ?? 0;
  const kept = Object.values(ctx.kept ?? {}).reduce((sum, k) => sum + k.stack, 0);
  return stacks + pots + kept;
}

