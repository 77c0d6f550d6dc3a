import { out, type Outgoing } from '../../src/contract/index.js';
import { cardName, cardNames, orderedDeck } from './cards.js';
import { Rejection } from './errors.js';
import { bestFive, evaluate, rankName } from './evaluator.js';
import { canPlay, nextPositions, nextSeat } from './positions.js';
import { buildPots, splitPot } from './pots.js';
import { shuffle } from './rng.js';
import type { HandPlayer, HandState, Street, TableContext } from './table-state.js';
import { actionPrompt, handPlayer, othersCanRespond, promptFields } from './views.js';

/**
 * The hand, as pure steps over a draft context: start (button, blinds, hole cards), apply
 * one betting action, end a betting round (uncalled bet back, next street or all-in
 * runout), settle (showdown, pots, odd chips) and the turn timers. Each step appends the
 * wire events it causes to `events`.
 */

export type ActionName = 'Fold' | 'Check' | 'Call' | 'Bet' | 'Raise' | 'AllIn';
type Events = Outgoing[];

const NEXT_STREET: Record<Street, Street | null> = { preflop: 'flop', flop: 'turn', turn: 'river', river: null };

export const canStartHand = (ctx: TableContext) => ctx.seats.filter(canPlay).length >= 2;

/** After a hand or a seat change: count down to the next hand, or wait for players. */
export function scheduleNextHand(ctx: TableContext) {
  if (canStartHand(ctx)) {
    ctx.phase = 'between';
    ctx.nextHandAt = ctx.now + ctx.settings.nextHandDelayMs;
  } else {
    ctx.phase = 'waiting';
    ctx.nextHandAt = null;
  }
  ctx.epoch++;
}

export function startHand(ctx: TableContext, events: Events) {
  ctx.nextHandAt = null;
  const placed = nextPositions(ctx.seats, ctx.positions, ctx.rng);
  if (!placed) {
    ctx.phase = 'waiting';
    ctx.epoch++;
    return;
  }
  const p = placed.positions;
  for (const seat of p.skipped) ctx.seats[seat]!.missedBB = true;
  const shuffled = shuffle(placed.rng, orderedDeck());
  ctx.rng = shuffled.rng;
  const deck = shuffled.cards;
  const n = ctx.seats.length;
  ctx.handCount++;

  // Deal one card at a time, starting left of the button.
  const order: number[] = [];
  for (let seat = nextSeat(n, p.button, (s) => p.dealt.includes(s))!; order.length < p.dealt.length; seat = nextSeat(n, seat, (s) => p.dealt.includes(s))!) order.push(seat);
  const holes = new Map<number, number[]>(order.map((s) => [s, []]));
  for (let round = 0; round < 2; round++) for (const seat of order) holes.get(seat)!.push(deck.pop()!);

  const players: HandPlayer[] = p.dealt.map((seat) => ({
    seat,
    playerId: ctx.seats[seat]!.playerId,
    hole: holes.get(seat)!,
    bet: 0,
    total: 0,
    folded: false,
    allIn: false,
    acted: false,
    actedAtBet: -1,
  }));
  const hand: HandState = {
    id: ctx.handCount,
    street: 'preflop',
    deck,
    board: [],
    players,
    button: p.button,
    sbSeat: p.sbSeat,
    sbPosted: p.dealt.includes(p.sbSeat),
    bbSeat: p.bbSeat,
    headsUp: p.headsUp,
    currentBet: ctx.settings.bigBlind,
    lastFullRaise: ctx.settings.bigBlind,
    acting: null,
    lastAggressor: null,
  };
  ctx.hand = hand;
  ctx.positions = { button: p.button, sbSeat: p.sbSeat, bbSeat: p.bbSeat };
  ctx.phase = 'preflop';
  const { tableId } = ctx;

  events.push(out('session', { type: 'BUTTON_MOVED', tableId, handId: hand.id, buttonIndex: p.button }));
  events.push(
    out('session', {
      type: 'HAND_START',
      tableId,
      handId: hand.id,
      buttonIndex: p.button,
      smallBlindIndex: hand.sbPosted ? p.sbSeat : null,
      bigBlindIndex: p.bbSeat,
      headsUp: p.headsUp,
      players: players.map((pl) => ({ seat: pl.seat, playerId: pl.playerId, stack: ctx.seats[pl.seat]!.stack })),
    }),
  );

  const blinds: { seat: number; playerId: string; blindType: 'SB' | 'BB'; amount: number }[] = [];
  const post = (player: HandPlayer, blindType: 'SB' | 'BB', size: number) => {
    const amount = pay(ctx, player, size);
    blinds.push({ seat: player.seat, playerId: player.playerId, blindType, amount });
  };
  if (hand.sbPosted) post(handPlayer(hand, p.sbSeat)!, 'SB', ctx.settings.smallBlind);
  post(handPlayer(hand, p.bbSeat)!, 'BB', ctx.settings.bigBlind);
  for (const player of players) {
    const seat = ctx.seats[player.seat]!;
    if (seat.postBB && player.seat !== p.sbSeat && player.seat !== p.bbSeat) post(player, 'BB', ctx.settings.bigBlind);
    seat.postBB = false;
    seat.waitingForBB = false;
    seat.missedBB = false;
  }
  events.push(out('session', { type: 'BLINDS_POSTED', tableId, handId: hand.id, blinds, pot: blinds.reduce((a, b) => a + b.amount, 0) }));
  for (const player of players) {
    events.push(out({ member: player.playerId }, { type: 'DEAL_HOLE', tableId, handId: hand.id, seat: player.seat, playerId: player.playerId, cards: cardNames(player.hole) }));
  }
  advance(ctx, events, p.bbSeat);
}

/** Move up to `size` chips from the seat's stack into the player's bet; returns what moved. */
function pay(ctx: TableContext, player: HandPlayer, size: number): number {
  const seat = ctx.seats[player.seat]!;
  const amount = Math.min(size, seat.stack);
  seat.stack -= amount;
  player.bet += amount;
  player.total += amount;
  if (seat.stack === 0) player.allIn = true;
  return amount;
}

/** The next seat clockwise after `from` that must act, or null when the betting round is over. */
export function nextToAct(ctx: TableContext, from: number): number | null {
  const hand = ctx.hand!;
  const canAct = hand.players.filter((p) => !p.folded && !p.allIn);
  if (canAct.length === 0) return null;
  if (canAct.length === 1 && hand.players.filter((p) => !p.folded).length > 1) {
    const only = canAct[0];
    return only.bet >= hand.currentBet ? null : only.seat;
  }
  if (hand.players.filter((p) => !p.folded).length <= 1) return null;
  return nextSeat(ctx.seats.length, from, (seat) => {
    const p = handPlayer(hand, seat);
    return !!p && !p.folded && !p.allIn && (!p.acted || p.bet < hand.currentBet);
  });
}

function advance(ctx: TableContext, events: Events, from: number) {
  const next = nextToAct(ctx, from);
  if (next === null) return endRound(ctx, events);
  ctx.hand!.acting = next;
  beginTurn(ctx, events, next);
}

function beginTurn(ctx: TableContext, events: Events, seat: number) {
  const connected = (ctx.seats[seat]?.connections.length ?? 0) > 0;
  const { now, settings } = ctx;
  ctx.turn = connected
    ? { seat, phase: 'action', startedAt: now, deadline: now + settings.actionTimeMs }
    : { seat, phase: 'grace', startedAt: now, deadline: now + settings.disconnectGraceMs, resumePhase: 'action', resumeLeftMs: settings.actionTimeMs };
  ctx.epoch++;
  events.push(actionPrompt(ctx));
}

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

function endRound(ctx: TableContext, events: Events) {
  const hand = ctx.hand!;
  ctx.turn = null;
  hand.acting = null;
  // An uncalled bet goes back to its owner.
  const bets = hand.players.map((p) => p.bet).sort((a, b) => b - a);
  let returned: { seat: number; playerId: string; amount: number } | null = null;
  const top = hand.players.filter((p) => p.bet === bets[0]);
  if (top.length === 1 && !top[0].folded && bets[0] > (bets[1] ?? 0)) {
    const amount = bets[0] - (bets[1] ?? 0);
    const player = top[0];
    player.bet -= amount;
    player.total -= amount;
    ctx.seats[player.seat]!.stack += amount;
    if (amount > 0) player.allIn = false;
    returned = { seat: player.seat, playerId: player.playerId, amount };
  }
  for (const p of hand.players) {
    p.bet = 0;
    p.acted = false;
    p.actedAtBet = -1;
  }
  hand.currentBet = 0;
  hand.lastFullRaise = ctx.settings.bigBlind;
  events.push(
    out('session', {
      type: 'ROUND_END',
      tableId: ctx.tableId,
      handId: hand.id,
      street: hand.street,
      returned,
      pots: buildPots(hand.players.map((p) => ({ seat: p.seat, amount: p.total, folded: p.folded }))).map((pot, i) => ({
        name: i === 0 ? 'main' : `side-${i}`,
        amount: pot.amount,
        eligibleSeats: pot.eligible,
      })),
    }),
  );
  const next = NEXT_STREET[hand.street];
  if (hand.players.filter((p) => !p.folded).length <= 1 || next === null) {
    ctx.phase = 'showdown';
    ctx.epoch++;
    return;
  }
  hand.deck.pop(); // burn
  const dealt = next === 'flop' ? [hand.deck.pop()!, hand.deck.pop()!, hand.deck.pop()!] : [hand.deck.pop()!];
  hand.board.push(...dealt);
  hand.street = next;
  hand.lastAggressor = null;
  ctx.phase = next;
  ctx.epoch++;
  const type = next === 'flop' ? 'DEAL_FLOP' : next === 'turn' ? 'DEAL_TURN' : 'DEAL_RIVER';
  events.push(
    out('session', {
      type,
      tableId: ctx.tableId,
      handId: hand.id,
      street: next,
      cards: cardNames(dealt),
      ...(next === 'flop' ? {} : { card: cardName(dealt[0]) }),
      board: cardNames(hand.board),
    }),
  );
  advance(ctx, events, hand.button);
}

/** Showdown (when two or more players remain) and payout of every pot; then schedule the next hand. */
export function settle(ctx: TableContext, events: Events) {
  const hand = ctx.hand!;
  const n = ctx.seats.length;
  const live = hand.players.filter((p) => !p.folded);
  const values = new Map<number, number>();
  if (live.length >= 2) {
    const first =
      hand.lastAggressor !== null && live.some((p) => p.seat === hand.lastAggressor)
        ? hand.lastAggressor
        : nextSeat(n, hand.button, (s) => live.some((p) => p.seat === s))!;
    const order = [first];
    for (let s = nextSeat(n, first, (x) => live.some((p) => p.seat === x))!; s !== first; s = nextSeat(n, s, (x) => live.some((p) => p.seat === x))!) order.push(s);
    const revealOrder = order.map((seat) => {
      const player = handPlayer(hand, seat)!;
      const best = bestFive([...player.hole, ...hand.board]);
      values.set(seat, best.value);
      return { seat, playerId: player.playerId, cards: cardNames(player.hole), bestHand: cardNames(best.cards), rank: rankName(best.value) };
    });
    events.push(out('session', { type: 'SHOWDOWN', tableId: ctx.tableId, handId: hand.id, board: cardNames(hand.board), revealOrder }));
  }
  const pots = buildPots(hand.players.map((p) => ({ seat: p.seat, amount: p.total, folded: p.folded })));
  const potBreakdown = pots.map((pot, i) => {
    let winners = pot.eligible;
    if (winners.length > 1) {
      const best = Math.max(...winners.map((s) => values.get(s) ?? evaluate([...handPlayer(hand, s)!.hole, ...hand.board])));
      winners = winners.filter((s) => (values.get(s) ?? evaluate([...handPlayer(hand, s)!.hole, ...hand.board])) === best);
    }
    const shares = splitPot(pot.amount, winners, hand.button, n);
    for (const [seat, share] of shares) ctx.seats[seat]!.stack += share;
    return {
      name: i === 0 ? 'main' : `side-${i}`,
      amount: pot.amount,
      eligibleSeats: pot.eligible,
      winners: [...shares].map(([seat, share]) => ({
        seat,
        playerId: handPlayer(hand, seat)!.playerId,
        share,
        ...(values.has(seat) ? { rank: rankName(values.get(seat)!) } : {}),
      })),
    };
  });
  events.push(out('session', { type: 'PAYOUT', tableId: ctx.tableId, handId: hand.id, potBreakdown }));
  ctx.hand = null;
  ctx.turn = null;
  events.push(
    out('session', {
      type: 'HAND_END',
      tableId: ctx.tableId,
      handId: hand.id,
      board: cardNames(hand.board),
      stacks: ctx.seats.flatMap((s, seat) => (s ? [{ seat, playerId: s.playerId, stack: s.stack }] : [])),
    }),
  );
  scheduleNextHand(ctx);
}

/** The turn's timer ran out: action time → timebank → automatic Check (if free) or Fold. */
export function onTurnTimeout(ctx: TableContext, events: Events) {
  const turn = ctx.turn;
  if (!turn) return;
  ctx.now = turn.deadline;
  const seat = ctx.seats[turn.seat]!;
  if (turn.phase !== 'timebank' && seat.timebankMs > 0) {
    ctx.turn = { seat: turn.seat, phase: 'timebank', startedAt: ctx.now, deadline: ctx.now + seat.timebankMs };
    ctx.epoch++;
    events.push(actionPrompt(ctx));
    return;
  }
  if (turn.phase === 'timebank') seat.timebankMs = 0;
  // An absent player is not dealt into further hands until they SIT_IN again.
  if (seat.connections.length === 0) seat.sittingOut = true;
  const player = handPlayer(ctx.hand, turn.seat)!;
  applyAction(ctx, events, turn.seat, player.bet >= ctx.hand!.currentBet ? 'Check' : 'Fold', undefined, true);
}

/** The acting player's last socket closed: their timer becomes the disconnect grace timer. */
export function onTurnDisconnect(ctx: TableContext, events: Events, seatIndex: number) {
  const turn = ctx.turn;
  if (!turn || turn.seat !== seatIndex || turn.phase === 'grace') return;
  const seat = ctx.seats[seatIndex]!;
  if (turn.phase === 'timebank') seat.timebankMs = Math.max(0, seat.timebankMs - (ctx.now - turn.startedAt));
  ctx.turn = {
    seat: seatIndex,
    phase: 'grace',
    startedAt: ctx.now,
    deadline: ctx.now + ctx.settings.disconnectGraceMs,
    resumePhase: turn.phase,
    resumeLeftMs: turn.phase === 'action' ? Math.max(0, turn.deadline - ctx.now) : seat.timebankMs,
  };
  ctx.epoch++;
  events.push(actionPrompt(ctx));
}

/** The acting player is back during their grace timer: their own clock resumes where it stopped. */
export function onTurnReconnect(ctx: TableContext, events: Events, seatIndex: number) {
  const turn = ctx.turn;
  if (!turn || turn.seat !== seatIndex || turn.phase !== 'grace') return;
  const seat = ctx.seats[seatIndex]!;
  const phase = turn.resumePhase ?? 'action';
  const left = phase === 'action' ? (turn.resumeLeftMs ?? ctx.settings.actionTimeMs) : seat.timebankMs;
  ctx.turn = { seat: seatIndex, phase, startedAt: ctx.now, deadline: ctx.now + left };
  ctx.epoch++;
  events.push(actionPrompt(ctx));
}
