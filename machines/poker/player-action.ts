import { out, type Outgoing } from '../../src/contract/index.js';
import { advance, endRound, nextToAct } from './betting-round.js';
import { Rejection } from './errors.js';
import { pay } from './pay.js';
import type { TableContext } from './table-state.js';
import { handPlayer, othersCanRespond, promptFields, publicSnapshot } from './views.js';

/**
 * A player's move in the betting round: validated against the no-limit rules (minimum
 * bet and raise, reopening after a short all-in, the stack), then applied and announced.
 * Also the fold of a player who leaves mid-hand, in turn or not.
 */

export type ActionName = 'Fold' | 'Check' | 'Call' | 'Bet' | 'Raise' | 'AllIn';
type Events = Outgoing[];

/**
 * Validate and apply `action` by `seat` (the acting seat). Throws a Rejection, having
 * changed nothing, when the action or amount is not legal.
 */
export function applyAction(ctx: TableContext, events: Events, seat: number, requested: ActionName, amount: number | undefined, auto = false) {
  let action = requested;
  const hand = ctx.hand!;
  const player = handPlayer(hand, seat)!;
  const seatState = ctx.seats[seat]!;
  const stack = seatState.stack;
  const owed = hand.currentBet - player.bet;
  const limits = promptFields(ctx, seat);
  if (amount !== undefined && (!Number.isSafeInteger(amount) || amount < 0)) {
    throw new Rejection('INVALID_AMOUNT', 'amount: expected a non-negative whole number of chips');
  }
  if (amount !== undefined && amount > player.bet + stack) {
    throw new Rejection('INVALID_AMOUNT', `amount ${amount} is more than your stack allows (at most ${player.bet + stack})`);
  }
  let target: number | null = null; // a bet/raise "to" this street total
  switch (action) {
    case 'Fold':
      break;
    case 'Check':
      if (owed > 0) throw new Rejection('ILLEGAL_ACTION', `cannot check: ${Math.min(owed, stack)} to call`);
      break;
    case 'Call':
      if (owed <= 0) throw new Rejection('ILLEGAL_ACTION', 'nothing to call: check instead');
      break;
    case 'Bet':
    case 'Raise': {
      if (action === 'Bet' && hand.currentBet > 0) throw new Rejection('ILLEGAL_ACTION', `there is already a bet of ${hand.currentBet}: raise instead`);
      if (action === 'Raise' && hand.currentBet === 0) throw new Rejection('ILLEGAL_ACTION', 'there is no bet to raise: bet instead');
      if (amount === undefined) throw new Rejection('INVALID_AMOUNT', `amount: ${action} needs the total to ${action.toLowerCase()} to`);
      target = amount;
      break;
    }
    case 'AllIn': {
      if (stack === 0) throw new Rejection('ILLEGAL_ACTION', 'you are already all in');
      // With nobody left to answer a raise, all in means calling what can be matched.
      if (player.bet + stack > hand.currentBet && !othersCanRespond(hand, seat)) action = owed > 0 ? 'Call' : 'Check';
      else if (player.bet + stack > hand.currentBet) target = player.bet + stack;
      break;
    }
  }
  if (target !== null) {
    const allIn = target === player.bet + stack;
    if (target <= hand.currentBet) throw new Rejection('INVALID_AMOUNT', `amount ${target} must be more than the current bet of ${hand.currentBet}`);
    if (!limits.canRaise) {
      throw new Rejection(
        'ILLEGAL_ACTION',
        hand.players.some((p) => p.seat !== seat && !p.folded && !p.allIn)
          ? 'betting was not reopened to you (a short all-in is not a full raise): call or fold'
          : 'nobody can answer a raise: call or fold',
      );
    }
    const minTo = hand.currentBet === 0 ? ctx.settings.bigBlind : hand.currentBet + hand.lastFullRaise;
    if (target < minTo && !allIn) throw new Rejection('INVALID_AMOUNT', `the minimum ${hand.currentBet === 0 ? 'bet' : 'raise'} is to ${minTo} (or all in for ${player.bet + stack})`);
  }

  // Legal: apply.
  let added = 0;
  if (action === 'Fold') player.folded = true;
  else if (target !== null) {
    const increment = target - hand.currentBet;
    if (increment >= hand.lastFullRaise) hand.lastFullRaise = increment;
    hand.currentBet = target;
    added = pay(ctx, player, target - player.bet);
    hand.lastAggressor = seat;
    for (const other of hand.players) if (other.seat !== seat) other.acted = false;
  } else if (action === 'Call' || action === 'AllIn') {
    added = pay(ctx, player, action === 'AllIn' ? stack : Math.min(owed, stack));
  }
  player.acted = true;
  player.actedAtBet = hand.currentBet;
  // Their own move ends a sit-out the server imposed for running out of time (a SIT_OUT of their own resets the count).
  const backIn = !auto && seatState.sittingOut && seatState.timeouts > 0;
  if (backIn) seatState.sittingOut = false;
  if (!auto) seatState.timeouts = 0;
  if (ctx.turn?.seat === seat && ctx.turn.phase === 'timebank') {
    seatState.timebankMs = Math.max(0, seatState.timebankMs - (ctx.now - ctx.turn.startedAt));
  }
  ctx.turn = null;
  hand.acting = null;
  ctx.epoch++;
  events.push(
    out('session', {
      type: 'PLAYER_ACTION_APPLIED',
      tableId: ctx.tableId,
      handId: hand.id,
      playerId: player.playerId,
      seat,
      action,
      amount: action === 'Bet' || action === 'Raise' ? target! : added,
      added,
      bet: player.bet,
      stack: seatState.stack,
      allIn: player.allIn,
      ...(auto ? { auto: true } : {}),
    }),
  );
  advance(ctx, events, seat);
  if (backIn) events.push(out('session', publicSnapshot(ctx)));
}

/** A player leaves (or is removed) mid-hand: fold them now, in turn or not. */
export function foldOutOfTurn(ctx: TableContext, events: Events, seat: number, reason: string) {
  const hand = ctx.hand!;
  const player = handPlayer(hand, seat);
  if (!player || player.folded) return;
  if (hand.acting === seat) return applyAction(ctx, events, seat, 'Fold', undefined);
  player.folded = true;
  player.acted = true;
  events.push(
    out('session', {
      type: 'PLAYER_ACTION_APPLIED',
      tableId: ctx.tableId,
      handId: hand.id,
      playerId: player.playerId,
      seat,
      action: 'Fold',
      amount: 0,
      added: 0,
      bet: player.bet,
      stack: ctx.seats[seat]?.stack ?? 0,
      allIn: false,
      reason,
    }),
  );
  if (hand.players.filter((p) => !p.folded).length <= 1) {
    ctx.turn = null;
    hand.acting = null;
    ctx.epoch++;
    endRound(ctx, events);
  } else if (hand.acting !== null && nextToAct(ctx, hand.acting === 0 ? ctx.seats.length - 1 : hand.acting - 1) !== hand.acting) {
    // The acting player no longer needs to act (e.g. only all-in players are left to answer).
    ctx.turn = null;
    const from = hand.acting;
    hand.acting = null;
    ctx.epoch++;
    advance(ctx, events, from);
  }
}
