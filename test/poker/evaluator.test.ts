import t from 'tap';
import fc from 'fast-check';
import { parseCards, rankOf, suitOf, type Card } from '../../machines/poker/cards.js';
import { bestFive, evaluate, evaluate7, evaluateMasks, rankName } from '../../machines/poker/evaluator.js';
import { cardNames } from '../../machines/poker/cards.js';

const hand = (text: string) => evaluate(parseCards(text));

t.test('evaluator: every 5-card hand falls in the known category counts, with 7462 distinct ranks', (t) => {
  const counts = new Array(9).fill(0);
  const seen = new Uint8Array(9 << 20);
  let distinct = 0;
  for (let a = 0; a < 52; a++)
    for (let b = a + 1; b < 52; b++)
      for (let c = b + 1; c < 52; c++)
        for (let d = c + 1; d < 52; d++)
          for (let e = d + 1; e < 52; e++) {
            const v = evaluate([a, b, c, d, e]);
            counts[v >> 20]++;
            if (!seen[v]) {
              seen[v] = 1;
              distinct++;
            }
          }
  // Straight flushes include the 4 royal flushes.
  t.same(counts, [1302540, 1098240, 123552, 54912, 10200, 5108, 3744, 624, 40]);
  t.equal(distinct, 7462, 'exactly the 7462 equivalence classes of 5-card poker');
  t.end();
});

t.test('evaluator: all 133,784,560 seven-card hands match the known category table, with 4824 distinct ranks', (t) => {
  const counts = new Float64Array(9);
  const seen = new Uint8Array(9 << 20);
  // Suit masks built incrementally per nesting level (level k holds the first k cards).
  const masks = new Int32Array(8 * 4);
  const add = (level: number, card: number) => {
    const base = level * 4;
    masks.copyWithin(base, base - 4, base);
    masks[base + (card & 3)] |= 1 << (card >> 2);
  };
  for (let a = 0; a < 52; a++) {
    add(1, a);
    for (let b = a + 1; b < 52; b++) {
      add(2, b);
      for (let c = b + 1; c < 52; c++) {
        add(3, c);
        for (let d = c + 1; d < 52; d++) {
          add(4, d);
          for (let e = d + 1; e < 52; e++) {
            add(5, e);
            for (let f = e + 1; f < 52; f++) {
              add(6, f);
              const s0 = masks[24], s1 = masks[25], s2 = masks[26], s3 = masks[27];
              for (let g = f + 1; g < 52; g++) {
                const bit = 1 << (g >> 2);
                const suit = g & 3;
                const v = evaluateMasks(suit === 0 ? s0 | bit : s0, suit === 1 ? s1 | bit : s1, suit === 2 ? s2 | bit : s2, suit === 3 ? s3 | bit : s3);
                counts[v >> 20]++;
                seen[v] = 1;
              }
            }
          }
        }
      }
    }
  }
  t.same([...counts], [23294460, 58627800, 31433400, 6461620, 6180020, 4047644, 3473184, 224848, 41584]);
  t.equal(seen.reduce((a, b) => a + b, 0), 4824, 'seven-card hands make 4824 distinct ranks');
  t.equal(evaluate7(0, 4, 8, 12, 16, 1, 2), evaluate([0, 4, 8, 12, 16, 1, 2]), 'evaluate7 and evaluate agree');
  t.end();
});

t.test('evaluator: orders hands by category, kickers and the wheel; ties are exact', (t) => {
  t.ok(hand('As Ks Qs Js Ts 2c 3d') > hand('9s 8s 7s 6s 5s Ac Ad'), 'royal beats a lower straight flush');
  t.ok(hand('5s 4s 3s 2s As Kc Kd') < hand('6s 5s 4s 3s 2s Kc Kd'), 'steel wheel is the lowest straight flush');
  t.ok(hand('5c 4d 3h 2s Ac 9d 9h') < hand('6c 5d 4h 3s 2c 9d 9h'), 'the wheel is the lowest straight');
  t.ok(hand('Ah Ad Ac As 2c 3d 4h') > hand('Kh Kd Kc Ks Ac Ad Ah'), 'quad aces beat quad kings');
  t.ok(hand('Kh Kd Kc Ks Qc 3d 4h') > hand('Kh Kd Kc Ks Jc Td 9h'), 'quads: the kicker decides');
  t.ok(hand('Ah Ad Ac Kc Kd Qh Qs') > hand('Ah Ad Ac Qc Qd Jh Js'), 'full house uses the best pair');
  t.ok(hand('Ah Ad Ac Kc Kd Kh 2s') > hand('Ah Ad Ac Qc Qd Qh Ks'), 'two sets: aces full of kings');
  t.equal(hand('Ah Kh 9h 5h 2h Ac Ad'), hand('Ah Kh 9h 5h 2h 3c 4d'), 'flush beats trips; the flush cards decide');
  t.ok(hand('Ah Kh 9h 5h 3h') > hand('Ah Kh 9h 5h 2h'), 'flush: fifth card decides');
  t.equal(hand('Ah Kd Qc Js 9h 8d 2c'), hand('Ah Kd Qc Js 9c 8h 3c'), 'high card: only five cards count');
  t.ok(hand('Ah Ad Kc Kd Qh Qs Js') > hand('Ah Ad Kc Kd Jh Js Ts'), 'three pairs: the best two plus the best kicker');
  t.equal(hand('Ah Ad Kc Kd Qh Qs 2s'), hand('Ah Ad Kc Kd Qh 3s 2s'), 'two pair kicker is the best remaining card');
  t.ok(hand('8h 8d 8c As 2c 3d Kh') < hand('8h 8d 8c 5s 6c 7d 9h'), 'a straight beats the same set of eights');
  t.ok(hand('Qh Qd Ac 9d 7s 4c 2h') > hand('Qh Qd Kc Jd 9s 7c 2h'), 'pair: kickers compared in order');
  t.end();
});

t.test('evaluator: names hands and picks the best five cards', (t) => {
  const royal = bestFive(parseCards('As Ks Qs Js Ts 2c 3d'));
  t.equal(rankName(royal.value), 'Royal Flush');
  t.same(cardNames(royal.cards), ['As', 'Ks', 'Qs', 'Js', 'Ts']);
  const wheel = bestFive(parseCards('5c 4d 3h 2s Ac 9d Kh'));
  t.equal(rankName(wheel.value), 'Straight');
  t.same(cardNames(wheel.cards), ['5c', '4d', '3h', '2s', 'Ac'], 'the wheel reads 5-4-3-2-A');
  const boat = bestFive(parseCards('Ah Ad Ac Kc Kd Kh 2s'));
  t.equal(rankName(boat.value), 'Full House');
  t.same(cardNames(boat.cards).map((c) => c[0]), ['A', 'A', 'A', 'K', 'K']);
  t.equal(rankName(hand('Ah Ad Kc Kd Qh Qs Js')), 'Two Pair');
  t.equal(rankName(hand('2h 7d 9c Jd Ks 4c 3h')), 'High Card');
  t.equal(rankName(hand('2h 2d 9c Jd Ks 4c 3h')), 'Pair');
  t.equal(rankName(hand('2h 2d 2c Jd Ks 4c 3h')), 'Three of a Kind');
  t.equal(rankName(hand('2h 2d 2c 2s Ks 4c 3h')), 'Four of a Kind');
  t.equal(rankName(hand('9h 8h 7h 6h 5h 4c 3h')), 'Straight Flush');
  t.end();
});

/** An independent, slow reference: rank 5 cards by sorting rank groups; best of the 21 subsets. */
function reference5(cards: Card[]): number[] {
  const ranks = cards.map(rankOf).sort((a, b) => b - a);
  const flush = cards.every((c) => suitOf(c) === suitOf(cards[0]));
  const uniq = [...new Set(ranks)];
  let straightHigh = -1;
  if (uniq.length === 5 && uniq[0] - uniq[4] === 4) straightHigh = uniq[0];
  if (uniq.join() === '12,3,2,1,0') straightHigh = 3;
  const groups = uniq.map((r) => [ranks.filter((x) => x === r).length, r]).sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  const shape = groups.map((g) => g[0]).join('');
  const byGroup = groups.map((g) => g[1]);
  if (straightHigh >= 0 && flush) return [8, straightHigh];
  if (shape === '41') return [7, ...byGroup];
  if (shape === '32') return [6, ...byGroup];
  if (flush) return [5, ...ranks];
  if (straightHigh >= 0) return [4, straightHigh];
  if (shape === '311') return [3, ...byGroup];
  if (shape === '221') return [2, ...byGroup];
  if (shape === '2111') return [1, ...byGroup];
  return [0, ...ranks];
}
const compare = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? -1) !== (b[i] ?? -1)) return (a[i] ?? -1) - (b[i] ?? -1);
  return 0;
};
function reference7(cards: Card[]): number[] {
  let best: number[] = [-1];
  for (let skipA = 0; skipA < 7; skipA++)
    for (let skipB = skipA + 1; skipB < 7; skipB++) {
      const r = reference5(cards.filter((_, i) => i !== skipA && i !== skipB));
      if (compare(r, best) > 0) best = r;
    }
  return best;
}

t.test('evaluator: agrees with a slow reference on every pair of random 7-card hands (order and ties)', (t) => {
  const sevenPairs = fc.shuffledSubarray([...Array(52).keys()], { minLength: 14, maxLength: 14 });
  fc.assert(
    fc.property(sevenPairs, (cards) => {
      const a = cards.slice(0, 7);
      const b = cards.slice(7);
      const fast = Math.sign(evaluate(a) - evaluate(b));
      const slow = Math.sign(compare(reference7(a), reference7(b)));
      return fast === slow;
    }),
    { numRuns: 20_000, seed: 42 },
  );
  t.pass('20,000 random hand pairs ranked like the reference');
  t.end();
});
