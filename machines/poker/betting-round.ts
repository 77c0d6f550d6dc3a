import { out, type Outgoing } from '../../src/contract/index.js';
import { cardName, cardNames } from './cards.js';
import { nextSeat } from './positions.js';
import { buildPots } from './pots.js';
import type { Street, TableContext } from './table-state.js';
import { actionPrompt, handPlayer } from './views.js';

/**
 * How a betting round moves on, as pure steps over a draft context: whose turn it is
 * next (and their clock), and when nobody is left to act, the end of the round — the
 * uncalled bet back to its owner, then the next street's cards or, after the river or
 * when one player is left, the showdown. Each step appends the wire events it causes.
 */

type Events = Outgoing[];

const NEXT_STREET: Record<Street, Street | null> = { preflop: 'flop', flop: 'turn', turn: 'river', river: null };

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

/** After `from` acted (or posted the big blind): prompt the next player, or end the round. */
export function advance(ctx: TableContext, events: Events, from: number) {
  const next = nextToAct(ctx, from);
  if (next === null) return endRound(ctx, events);
  ctx.hand!.acting = next;
  beginTurn(ctx, events, next);
}

/** The seat's clock starts: their action time, or the disconnect grace if no socket of theirs is open. */
function beginTurn(ctx: TableContext, events: Events, seat: number) {
  const connected = (ctx.seats[seat]?.connections.length ?? 0) > 0;
  const { now, settings } = ctx;
  ctx.turn = connected
    ? { seat, phase: 'action', startedAt: now, deadline: now + settings.actionTimeMs }
    : { seat, phase: 'grace', startedAt: now, deadline: now + settings.disconnectGraceMs, resumePhase: 'action', resumeLeftMs: settings.actionTimeMs };
  ctx.epoch++;
  events.push(actionPrompt(ctx));
}

/** Nobody is left to act on this street: settle its bets, then deal the next street or go to showdown. */
export function endRound(ctx: TableContext, events: Events) {
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
