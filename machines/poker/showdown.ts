import { out, type Outgoing } from '../../src/contract/index.js';
import { standUpAbandoned } from './abandoned-seats.js';
import { cardNames } from './cards.js';
import { bestFive, evaluate, rankName } from './evaluator.js';
import { scheduleNextHand } from './hand-start.js';
import { nextSeat } from './positions.js';
import { buildPots, splitPot } from './pots.js';
import type { TableContext } from './table-state.js';
import { handPlayer } from './views.js';

/**
 * The end of a hand: the showdown (who shows first, each player's best five), every pot
 * paid to its best eligible hands with odd chips left of the button, and the final stacks.
 */

type Events = Outgoing[];

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
  standUpAbandoned(ctx, events);
  scheduleNextHand(ctx);
}
