import { randomInt, type RngState } from './rng.js';
import type { Positions, SeatState } from './table-state.js';

/**
 * Who is dealt in and where the button and blinds go for the next hand.
 *
 * Dead-button rule: the big blind always moves forward to the next seat that can play, so
 * nobody escapes it. The small blind goes to the seat that had the big blind last hand (if
 * that player is gone or sitting out, the small blind is dead: nobody posts it) and the button
 * to the seat that was the small-blind position (if empty, the button is dead: it stays on an
 * empty seat). Heads-up (two players dealt in): the button posts the small blind and acts first
 * before the flop, last after it; the big blind still moves forward one player.
 */
export interface HandPositions extends Positions {
  /** Seats dealt in, ascending. */
  dealt: number[];
  headsUp: boolean;
  /** Seats the big blind skipped because they could not play (they now owe a big blind). */
  skipped: number[];
}

export const canPlay = (seat: SeatState | null): seat is SeatState => !!seat && !seat.sittingOut && seat.stack > 0;

/** First seat clockwise after `from` (wrapping, `from` itself last) that passes `test`. */
export function nextSeat(count: number, from: number, test: (seat: number) => boolean): number | null {
  for (let step = 1; step <= count; step++) {
    const seat = (from + step) % count;
    if (test(seat)) return seat;
  }
  return null;
}

export function nextPositions(
  seats: readonly (SeatState | null)[],
  previous: Positions | null,
  rng: RngState,
): { positions: HandPositions; rng: RngState } | null {
  const n = seats.length;
  const active = seats.flatMap((s, i) => (canPlay(s) ? [i] : []));
  if (active.length < 2) return null;

  const fresh = (): { positions: HandPositions; rng: RngState } => {
    let button: number;
    let next = rng;
    if (previous) {
      button = nextSeat(n, previous.button, (s) => active.includes(s))!;
    } else {
      const draw = randomInt(rng, active.length);
      button = active[draw.value];
      next = draw.rng;
    }
    return { positions: place(n, active, button), rng: next };
  };
  if (!previous) return fresh();

  const bbSeat = nextSeat(n, previous.bbSeat, (s) => active.includes(s))!;
  const dealt = active.filter((s) => s === bbSeat || !seats[s]!.waitingForBB || seats[s]!.postBB);
  if (dealt.length < 2) return fresh();
  const skipped = between(n, previous.bbSeat, bbSeat).filter((s) => seats[s] && !canPlay(seats[s]));
  if (dealt.length === 2) {
    const button = dealt.find((s) => s !== bbSeat)!;
    return { positions: { button, sbSeat: button, bbSeat, dealt, headsUp: true, skipped }, rng };
  }
  let sbSeat = previous.bbSeat;
  let button = previous.sbSeat;
  if (sbSeat === bbSeat || button === bbSeat || button === sbSeat) {
    // Positions collapsed (players left around the blinds): fall back to a moving button.
    sbSeat = previousOf(n, bbSeat, dealt);
    button = previousOf(n, sbSeat, dealt);
  }
  return { positions: { button, sbSeat, bbSeat, dealt, headsUp: false, skipped }, rng };
}

/** Positions around a button on `dealt` seats (all of them play). */
function place(n: number, dealt: number[], button: number): HandPositions {
  if (dealt.length === 2) {
    const bbSeat = dealt.find((s) => s !== button)!;
    return { button, sbSeat: button, bbSeat, dealt, headsUp: true, skipped: [] };
  }
  const sbSeat = nextSeat(n, button, (s) => dealt.includes(s))!;
  const bbSeat = nextSeat(n, sbSeat, (s) => dealt.includes(s))!;
  return { button, sbSeat, bbSeat, dealt, headsUp: false, skipped: [] };
}

function previousOf(n: number, seat: number, dealt: number[]): number {
  for (let step = 1; step <= n; step++) {
    const s = (seat - step + n) % n;
    if (dealt.includes(s)) return s;
  }
  return seat;
}

/** Seats strictly between `from` and `to`, clockwise. */
function between(n: number, from: number, to: number): number[] {
  const seats: number[] = [];
  for (let s = (from + 1) % n; s !== to; s = (s + 1) % n) seats.push(s);
  return seats;
}
