import { out, type Outgoing } from '../../src/contract/index.js';
import { advance } from './betting-round.js';
import { cardNames, orderedDeck } from './cards.js';
import { pay } from './pay.js';
import { canPlay, nextPositions, nextSeat } from './positions.js';
import { shuffle } from './rng.js';
import type { HandPlayer, HandState, TableContext } from './table-state.js';
import { handPlayer } from './views.js';

/**
 * Between hands and the start of one: whether a hand can be dealt, the countdown to the
 * next, and the deal itself — button and blinds, a fresh shuffle, hole cards to their
 * owners only — up to the first player's turn.
 */

type Events = Outgoing[];

/** Two or more seats can play. */
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

/** Deal the next hand up to the first player's prompt, or wait if fewer than two can be dealt in. */
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
  const { timebankRefillMs, timebankRefillEveryHands } = ctx.policy;
  const refill = timebankRefillEveryHands > 0 && hand.id % timebankRefillEveryHands === 0 ? timebankRefillMs : 0;
  for (const player of players) {
    const seat = ctx.seats[player.seat]!;
    if (seat.postBB && player.seat !== p.sbSeat && player.seat !== p.bbSeat) post(player, 'BB', ctx.settings.bigBlind);
    seat.postBB = false;
    seat.waitingForBB = false;
    seat.missedBB = false;
    // Every N-th hand tops up the timebank of those dealt in, never past what a new player starts with.
    if (refill > 0) seat.timebankMs = Math.max(seat.timebankMs, Math.min(ctx.settings.timebankMs, seat.timebankMs + refill));
  }
  events.push(out('session', { type: 'BLINDS_POSTED', tableId, handId: hand.id, blinds, pot: blinds.reduce((a, b) => a + b.amount, 0) }));
  for (const player of players) {
    events.push(out({ member: player.playerId }, { type: 'DEAL_HOLE', tableId, handId: hand.id, seat: player.seat, playerId: player.playerId, cards: cardNames(player.hole) }));
  }
  advance(ctx, events, p.bbSeat);
}
