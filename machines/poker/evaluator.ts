import { rankOf, suitOf, type Card } from './cards.js';

/**
 * A 7-card (or 5/6-card) hold'em hand evaluator built on 13-bit rank masks and four
 * 8192-entry lookup tables. `evaluate` returns a number where higher is better and equal
 * numbers are exact ties: `category << 20 | kickers`, kickers as 4-bit ranks, most
 * significant first. No allocation on the hot path: ~tens of millions of evaluations/s.
 */

export const HandCategory = {
  HighCard: 0,
  Pair: 1,
  TwoPair: 2,
  ThreeOfAKind: 3,
  Straight: 4,
  Flush: 5,
  FullHouse: 6,
  FourOfAKind: 7,
  StraightFlush: 8,
} as const;

const CATEGORY_NAMES = [
  'High Card',
  'Pair',
  'Two Pair',
  'Three of a Kind',
  'Straight',
  'Flush',
  'Full House',
  'Four of a Kind',
  'Straight Flush',
] as const;

export type RankName = (typeof CATEGORY_NAMES)[number] | 'Royal Flush';

const SIZE = 1 << 13;
/** Number of set bits. */
const POPCOUNT = new Uint8Array(SIZE);
/** Index of the highest set bit (rank of the best card). */
const HIGH_BIT = new Uint8Array(SIZE);
/** The five highest ranks as nibbles r1<<16|r2<<12|r3<<8|r4<<4|r5 (fewer when fewer bits). */
const TOP_FIVE = new Int32Array(SIZE);
/** High rank of the best straight in the mask + 1 (0 = no straight); the wheel A-5 counts as 5-high. */
const STRAIGHT = new Uint8Array(SIZE);

for (let mask = 1; mask < SIZE; mask++) {
  let count = 0;
  let high = 0;
  let top = 0;
  let taken = 0;
  for (let rank = 12; rank >= 0; rank--) {
    if (!(mask & (1 << rank))) continue;
    if (count === 0) high = rank;
    count++;
    if (taken < 5) {
      top |= rank << (4 * (4 - taken));
      taken++;
    }
  }
  POPCOUNT[mask] = count;
  HIGH_BIT[mask] = high;
  TOP_FIVE[mask] = top;
  for (let high5 = 12; high5 >= 4; high5--) {
    const run = 0b11111 << (high5 - 4);
    if ((mask & run) === run) {
      STRAIGHT[mask] = high5 + 1;
      break;
    }
  }
  if (!STRAIGHT[mask] && (mask & 0b1000000001111) === 0b1000000001111) STRAIGHT[mask] = 3 + 1; // A-2-3-4-5
}

/**
 * Evaluate 5 to 7 cards given as suit masks: `s0..s3` are 13-bit rank masks per suit
 * (a rank appears at most once per suit). The core every entry point shares.
 */
export function evaluateMasks(s0: number, s1: number, s2: number, s3: number): number {
  let flushMask = 0;
  if (POPCOUNT[s0] >= 5) flushMask = s0;
  else if (POPCOUNT[s1] >= 5) flushMask = s1;
  else if (POPCOUNT[s2] >= 5) flushMask = s2;
  else if (POPCOUNT[s3] >= 5) flushMask = s3;
  if (flushMask) {
    const straightFlush = STRAIGHT[flushMask];
    if (straightFlush) return (8 << 20) | ((straightFlush - 1) << 16);
  }
  const all = s0 | s1 | s2 | s3;
  const quads = s0 & s1 & s2 & s3;
  if (quads) {
    const q = HIGH_BIT[quads];
    return (7 << 20) | (q << 16) | (HIGH_BIT[all & ~(1 << q)] << 12);
  }
  const pairs = (s0 & s1) | (s0 & s2) | (s0 & s3) | (s1 & s2) | (s1 & s3) | (s2 & s3);
  const trips = (s0 & s1 & s2) | (s0 & s1 & s3) | (s0 & s2 & s3) | (s1 & s2 & s3);
  if (trips) {
    const t = HIGH_BIT[trips];
    const rest = pairs & ~(1 << t);
    if (rest) return (6 << 20) | (t << 16) | (HIGH_BIT[rest] << 12);
  }
  if (flushMask) return (5 << 20) | TOP_FIVE[flushMask];
  const straight = STRAIGHT[all];
  if (straight) return (4 << 20) | ((straight - 1) << 16);
  if (trips) {
    const t = HIGH_BIT[trips];
    return (3 << 20) | (t << 16) | ((TOP_FIVE[all & ~(1 << t)] >> 12) << 8);
  }
  if (pairs) {
    const p1 = HIGH_BIT[pairs];
    const others = pairs & ~(1 << p1);
    if (others) {
      const p2 = HIGH_BIT[others];
      return (2 << 20) | (p1 << 16) | (p2 << 12) | (HIGH_BIT[all & ~(1 << p1) & ~(1 << p2)] << 8);
    }
    return (1 << 20) | (p1 << 16) | ((TOP_FIVE[all & ~(1 << p1)] >> 8) << 4);
  }
  return TOP_FIVE[all];
}

const SCRATCH = new Int32Array(4);

/** Evaluate exactly seven cards without allocating (the hot path the bench measures). */
export function evaluate7(a: Card, b: Card, c: Card, d: Card, e: Card, f: Card, g: Card): number {
  const m = SCRATCH;
  m[0] = m[1] = m[2] = m[3] = 0;
  m[a & 3] |= 1 << (a >> 2);
  m[b & 3] |= 1 << (b >> 2);
  m[c & 3] |= 1 << (c >> 2);
  m[d & 3] |= 1 << (d >> 2);
  m[e & 3] |= 1 << (e >> 2);
  m[f & 3] |= 1 << (f >> 2);
  m[g & 3] |= 1 << (g >> 2);
  return evaluateMasks(m[0], m[1], m[2], m[3]);
}

/** Evaluate 5, 6 or 7 distinct cards. */
export function evaluate(cards: readonly Card[]): number {
  if (cards.length < 5 || cards.length > 7) throw new Error(`evaluate needs 5..7 cards, got ${cards.length}`);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (const card of cards) {
    const bit = 1 << rankOf(card);
    switch (suitOf(card)) {
      case 0: s0 |= bit; break;
      case 1: s1 |= bit; break;
      case 2: s2 |= bit; break;
      default: s3 |= bit;
    }
  }
  return evaluateMasks(s0, s1, s2, s3);
}

export const categoryOf = (value: number) => value >> 20;

/** The hand's name: `Flush`, `Two Pair`, ... and `Royal Flush` for the ace-high straight flush. */
export function rankName(value: number): RankName {
  const category = value >> 20;
  if (category === HandCategory.StraightFlush && ((value >> 16) & 15) === 12) return 'Royal Flush';
  return CATEGORY_NAMES[category];
}

/** The best five of 5..7 cards (the five that make `evaluate(cards)`), best-first order. */
export function bestFive(cards: readonly Card[]): { cards: Card[]; value: number } {
  const target = evaluate(cards);
  const n = cards.length;
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      for (let c = b + 1; c < n; c++)
        for (let d = c + 1; d < n; d++)
          for (let e = d + 1; e < n; e++) {
            const five = [cards[a], cards[b], cards[c], cards[d], cards[e]];
            if (evaluate(five) === target) return { cards: orderFive(five, target), value: target };
          }
  throw new Error('unreachable: no five cards make the hand');
}

/** Order five cards as a player reads them: by rank count then rank (wheel: 5-4-3-2-A). */
function orderFive(five: Card[], value: number): Card[] {
  const counts = new Map<number, number>();
  for (const card of five) counts.set(rankOf(card), (counts.get(rankOf(card)) ?? 0) + 1);
  const category = value >> 20;
  const wheel = (category === HandCategory.Straight || category === HandCategory.StraightFlush) && ((value >> 16) & 15) === 3;
  const key = (card: Card) => (wheel && rankOf(card) === 12 ? -1 : rankOf(card));
  return [...five].sort((x, y) => counts.get(rankOf(y))! - counts.get(rankOf(x))! || key(y) - key(x) || suitOf(y) - suitOf(x));
}
