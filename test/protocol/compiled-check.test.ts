import t from 'tap';
import fc from 'fast-check';
import * as io from 'io-ts';
import { compiledCheck } from '../../src/protocol/compiled-check.js';
import { arbitraryOf } from '../../bench/lib-fuzz-arbitrary.js';
import { createRandom, mutate } from '../../bench/lib-fuzz-mutate.js';
import { fuzzRoutes } from '../../bench/lib-fuzz-routes.js';

// The compiled check stands in for `codec.is` on every frame: it must answer exactly as io-ts does,
// for valid messages, for their mutations, and for other messages' bodies.
const codecs = fuzzRoutes.flatMap((route) => route.client.map((codec) => ({ route: route.path, codec })));

t.test('compiled check: every client codec of every route answers as its io-ts `is`, on valid and mutated bodies', async (t) => {
  const rnd = createRandom(7);
  for (const { route, codec } of codecs) {
    let disagreements = 0;
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(arbitraryOf(codec), (valid) => {
        const bodies: unknown[] = [valid];
        for (let i = 0; i < 4; i++) {
          const frame = mutate(valid as never, rnd, 4096);
          try {
            bodies.push(JSON.parse(frame.data.toString('utf8')));
          } catch {
            // Mutations that are not JSON never reach a codec.
          }
        }
        for (const body of bodies) {
          const expected = codec.is(body);
          if (compiledCheck(codec)(body) !== expected) disagreements++;
          if (expected) accepted++;
          else refused++;
        }
      }),
      { seed: 11, numRuns: 60 },
    );
    t.equal(disagreements, 0, `${route} ${codec.name.slice(0, 60)}`);
    // Both answers were exercised, or the comparison proves nothing.
    t.ok(accepted > 0 && refused > 0, `${route}: ${accepted} accepted, ${refused} refused`);
  }
});

t.test('compiled check: one codec against the other codecs\' messages', async (t) => {
  const samples = codecs.flatMap(({ codec }) => fc.sample(arbitraryOf(codec), { seed: 3, numRuns: 5 }));
  let disagreements = 0;
  for (const { codec } of codecs) for (const body of samples) if (compiledCheck(codec)(body) !== codec.is(body)) disagreements++;
  t.equal(disagreements, 0);
});

t.test('compiled check: required, optional and undefined fields, arrays and refinements as io-ts has them', async (t) => {
  const codec = io.intersection([
    io.type({ a: io.union([io.string, io.undefined]), n: io.refinement(io.number, (n) => n > 0, 'positive') }),
    io.partial({ list: io.array(io.intersection([io.type({ x: io.number }), io.partial({ y: io.string })])) }),
  ]);
  const cases: unknown[] = [
    { a: 'x', n: 1 },
    { a: undefined, n: 1 },
    { n: 1 },
    { a: 'x', n: 0 },
    { a: 'x', n: 1, list: [{ x: 1 }, { x: 2, y: 'z' }] },
    { a: 'x', n: 1, list: [{ x: 1, y: 3 }] },
    { a: 'x', n: 1, list: undefined },
    { a: 'x', n: 1, list: {} },
    [],
    null,
    'x',
  ];
  t.same(cases.map(compiledCheck(codec)), cases.map((c) => codec.is(c)));
  t.same(cases.map(compiledCheck(codec)), [true, true, false, false, true, false, true, false, false, false, false]);
});
