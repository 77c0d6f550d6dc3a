import type { HandPlayer, TableContext } from './table-state.js';

/**
 * Move up to `size` chips from the seat's stack into the player's bet (blinds, calls,
 * bets, raises); returns what moved. A player whose stack runs dry is all in.
 */
export function pay(ctx: TableContext, player: HandPlayer, size: number): number {
  const seat = ctx.seats[player.seat]!;
  const amount = Math.min(size, seat.stack);
  seat.stack -= amount;
  player.bet += amount;
  player.total += amount;
  if (seat.stack === 0) player.allIn = true;
  return amount;
}
