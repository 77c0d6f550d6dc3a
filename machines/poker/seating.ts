import { join, out, type Outgoing } from '../../src/contract/index.js';
import { takeKept } from './abandoned-seats.js';
import { Rejection } from './errors.js';
import { canStartHand } from './hand-start.js';
import { foldOutOfTurn } from './player-action.js';
import type { TableContext } from './table-state.js';
import { handPlayer, personalSnapshot, publicSnapshot, seatOf } from './views.js';

/**
 * Seats: SIT, LEAVE, SIT_OUT, SIT_IN, REBUY, POST_BLIND. Each validates first (throwing a
 * Rejection with nothing changed), then applies and tells the table.
 */
type Events = Outgoing[];

const isInt = (n: unknown): n is number => Number.isSafeInteger(n);

/** Hands are being dealt (or about to be): a newcomer waits for the big blind. */
const running = (ctx: TableContext) => ctx.phase !== 'waiting' && ctx.positions !== null;

function requireSeat(ctx: TableContext, member: string | undefined): number {
  const seat = seatOf(ctx, member);
  if (seat < 0) throw new Rejection('NOT_SEATED', 'you have no seat at this table');
  return seat;
}

/** Seat changed: everyone sees the public table, the sender their own view. */
function announce(ctx: TableContext, events: Events, member: string | undefined) {
  events.push(out('session', publicSnapshot(ctx)));
  if (member !== undefined) events.push(out('sender', personalSnapshot(ctx, member)));
}

/** Start the countdown when a seat change makes a hand possible. */
function wake(ctx: TableContext) {
  if (ctx.phase === 'waiting' && canStartHand(ctx)) {
    ctx.phase = 'between';
    ctx.nextHandAt = ctx.now + ctx.settings.nextHandDelayMs;
    ctx.epoch++;
  }
}

export function sit(ctx: TableContext, events: Events, member: string | undefined, conn: string | undefined, buyIn: unknown, seatWanted: unknown) {
  if (member === undefined) throw new Rejection('NOT_SEATED', 'anonymous senders cannot sit');
  if (seatOf(ctx, member) >= 0) throw new Rejection('ALREADY_SEATED', `you already sit in seat ${seatOf(ctx, member)}`);
  const { minBuyIn, maxBuyIn, maxSeats } = ctx.settings;
  // A player stood up while away sits down with the stack they left with (buyIn is not charged).
  const returning = ctx.kept[member] !== undefined && ctx.kept[member].until > ctx.now;
  if (!returning && (!isInt(buyIn) || buyIn < minBuyIn || buyIn > maxBuyIn)) {
    throw new Rejection('INVALID_BUY_IN', `buyIn: must be a whole number of chips from ${minBuyIn} to ${maxBuyIn}`);
  }
  const free = (i: number) => !ctx.seats[i] && !handPlayer(ctx.hand, i);
  let index: number;
  if (seatWanted !== undefined) {
    if (!isInt(seatWanted) || seatWanted < 0 || seatWanted >= maxSeats) throw new Rejection('SEAT_TAKEN', `seat: must be 0..${maxSeats - 1}`);
    if (!free(seatWanted)) throw new Rejection('SEAT_TAKEN', `seat ${seatWanted} is taken`);
    index = seatWanted;
  } else {
    index = ctx.seats.findIndex((_, i) => free(i));
    if (index < 0) throw new Rejection('TABLE_FULL', `all ${maxSeats} seats are taken`);
  }
  const kept = takeKept(ctx, member);
  ctx.seats[index] = {
    playerId: member,
    stack: kept?.stack ?? (buyIn as number),
    sittingOut: false,
    waitingForBB: running(ctx),
    postBB: false,
    missedBB: false,
    timebankMs: kept?.timebankMs ?? ctx.settings.timebankMs,
    connections: conn ? [conn] : [],
    awaySince: conn ? null : ctx.now,
    timeouts: 0,
  };
  if (!kept) ctx.bankroll += buyIn as number;
  events.push(out('sender', join(member)));
  announce(ctx, events, member);
  wake(ctx);
}

export function leave(ctx: TableContext, events: Events, member: string | undefined) {
  const seat = requireSeat(ctx, member);
  const player = handPlayer(ctx.hand, seat);
  if (player && !player.folded) foldOutOfTurn(ctx, events, seat, 'left');
  const stack = ctx.seats[seat]!.stack;
  ctx.bankroll -= stack;
  ctx.seats[seat] = null;
  events.push(out('sender', { type: 'LEFT_SEAT', tableId: ctx.tableId, seat, cashOut: stack }));
  announce(ctx, events, member);
}

export function sitOut(ctx: TableContext, events: Events, member: string | undefined) {
  const seat = ctx.seats[requireSeat(ctx, member)]!;
  seat.sittingOut = true;
  seat.postBB = false;
  seat.timeouts = 0;
  announce(ctx, events, member);
}

export function sitIn(ctx: TableContext, events: Events, member: string | undefined) {
  const seat = ctx.seats[requireSeat(ctx, member)]!;
  if (seat.stack === 0) throw new Rejection('NO_CHIPS', 'you have no chips: REBUY first');
  seat.timeouts = 0;
  if (seat.sittingOut) {
    seat.sittingOut = false;
    seat.waitingForBB = seat.waitingForBB || (seat.missedBB && running(ctx));
  }
  announce(ctx, events, member);
  wake(ctx);
}

export function rebuy(ctx: TableContext, events: Events, member: string | undefined, amount: unknown) {
  const index = requireSeat(ctx, member);
  const seat = ctx.seats[index]!;
  if (handPlayer(ctx.hand, index)) throw new Rejection('REBUY_NOT_ALLOWED', 'you can rebuy only between hands (you are dealt into this one)');
  const { minBuyIn, maxBuyIn } = ctx.settings;
  if (!isInt(amount) || amount < 1) throw new Rejection('INVALID_AMOUNT', 'amount: expected a positive whole number of chips');
  if (seat.stack + amount > maxBuyIn) throw new Rejection('INVALID_AMOUNT', `your stack would be ${seat.stack + amount}, over the table maximum of ${maxBuyIn}`);
  if (seat.stack + amount < minBuyIn) throw new Rejection('INVALID_AMOUNT', `your stack would be ${seat.stack + amount}, under the table minimum of ${minBuyIn}`);
  const wasBust = seat.stack === 0;
  seat.stack += amount;
  ctx.bankroll += amount;
  if (wasBust) seat.waitingForBB = seat.waitingForBB || (seat.missedBB && running(ctx));
  announce(ctx, events, member);
  wake(ctx);
}

export function postBlind(ctx: TableContext, events: Events, member: string | undefined, blindType: unknown) {
  const seat = ctx.seats[requireSeat(ctx, member)]!;
  if (blindType !== 'BB') throw new Rejection('INVALID_BLIND', 'only a big blind (BB) can be posted to enter; small blinds are posted automatically');
  if (!seat.waitingForBB) throw new Rejection('INVALID_BLIND', 'you do not owe a blind: you are dealt into the next hand');
  if (seat.postBB) throw new Rejection('INVALID_BLIND', 'your big blind is already posted for the next hand');
  seat.postBB = true;
  announce(ctx, events, member);
}

export function watch(ctx: TableContext, events: Events, member: string | undefined) {
  if (member === undefined) throw new Rejection('NOT_SEATED', 'anonymous senders cannot watch');
  events.push(out('sender', join(member)));
  events.push(out('sender', personalSnapshot(ctx, member)));
}
