/**
 * Pots built exactly from contributions. Every chip any player put in this hand ends
 * in exactly one pot; each pot is contested by the non-folded players who matched it.
 */
export interface Pot {
  amount: number;
  /** Seats that can win this pot (non-folded, contributed at least its level). */
  eligible: number[];
}

export interface Contribution {
  seat: number;
  amount: number;
  folded: boolean;
}

/** Main pot first, then side pots in order of increasing all-in level. */
export function buildPots(contributions: readonly Contribution[]): Pot[] {
  const remaining = new Map(contributions.map((c) => [c.seat, c.amount]));
  const live = contributions.filter((c) => !c.folded).map((c) => c.seat);
  const pots: Pot[] = [];
  for (;;) {
    const levels = live.map((s) => remaining.get(s)!).filter((a) => a > 0);
    if (levels.length === 0) break;
    const level = Math.min(...levels);
    const eligible = live.filter((s) => remaining.get(s)! > 0).sort((a, b) => a - b);
    let amount = 0;
    for (const [seat, left] of remaining) {
      const take = Math.min(left, level);
      amount += take;
      remaining.set(seat, left - take);
    }
    pots.push({ amount, eligible });
  }
  // Chips a folded player put in above every live level (cannot happen once uncalled bets
  // are returned, but chips are never lost): they go to the last pot.
  const stray = [...remaining.values()].reduce((a, b) => a + b, 0);
  if (stray > 0) {
    if (pots.length === 0) pots.push({ amount: stray, eligible: live.sort((a, b) => a - b) });
    else pots[pots.length - 1].amount += stray;
  }
  return pots;
}

/**
 * Split `amount` between `winners` evenly; the odd chips go one each to the winners
 * closest to the left of the button (clockwise from `button + 1`).
 */
export function splitPot(amount: number, winners: readonly number[], button: number, seatCount: number): Map<number, number> {
  const ordered = [...winners].sort((a, b) => distance(button, a, seatCount) - distance(button, b, seatCount));
  const base = Math.floor(amount / ordered.length);
  let odd = amount - base * ordered.length;
  const shares = new Map<number, number>();
  for (const seat of ordered) {
    shares.set(seat, base + (odd > 0 ? 1 : 0));
    if (odd > 0) odd--;
  }
  return shares;
}

/** Clockwise distance from the button to `seat`, 1..seatCount (the button itself is last). */
export function distance(button: number, seat: number, seatCount: number): number {
  const d = (((seat - button) % seatCount) + seatCount) % seatCount;
  return d === 0 ? seatCount : d;
}
