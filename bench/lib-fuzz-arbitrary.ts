/**
 * fast-check arbitraries derived from io-ts codecs: the fuzzer's "structure-aware" half.
 * The walk mirrors src/protocol/describe.ts (object-like codecs, unions, literals, keyofs);
 * a refinement or a hand-written check (`checkedType`: ids, bounded strings, safe integers,
 * UUIDs, timestamps) cannot be read, so it is met by trying a pool of plausible values —
 * the route's own ids first — and keeping the generators whose samples pass its `is`.
 */
import fc from 'fast-check';
import * as t from 'io-ts';

/** Values the route knows exist (its channel, table, game, player, session ids). */
export type Hints = readonly (string | number)[];

const now = fc.constant(null).map(() => Date.now());

function pool(hints: Hints): fc.Arbitrary<unknown>[] {
  const known = hints.length > 0 ? [fc.constantFrom(...hints)] : [];
  return [
    ...known,
    fc.uuid(),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/),
    fc.string({ minLength: 1, maxLength: 24 }),
    fc.integer({ min: 0, max: 20 }),
    fc.integer({ min: 0, max: 100_000 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    now,
    fc.boolean(),
    fc.constant('v=0 o=- 1 1 IN IP4 127.0.0.1'),
    fc.constant('candidate:1 1 UDP 2122252543 192.0.2.1 54400 typ host'),
  ];
}

/** An arbitrary for values that satisfy an opaque codec, or (when none of the pool does) for anything. */
function opaque(codec: t.Mixed, hints: Hints): fc.Arbitrary<unknown> {
  const fitting = pool(hints)
    .filter((arb) => fc.sample(arb, { numRuns: 30, seed: 1 }).some((v) => codec.is(v)))
    .map((arb) => arb.filter((v) => codec.is(v)));
  return fitting.length > 0 ? fc.oneof(...fitting) : fc.oneof(...pool(hints));
}

const smallJson = fc.jsonValue({ maxDepth: 2 });

/** An arbitrary of (mostly) valid values for `codec`. */
export function arbitraryOf(codec: t.Mixed, hints: Hints = []): fc.Arbitrary<unknown> {
  if (codec instanceof t.LiteralType) return fc.constant(codec.value);
  if (codec instanceof t.KeyofType) return fc.constantFrom(...Object.keys(codec.keys));
  if (codec instanceof t.StringType) return fc.oneof(fc.string({ maxLength: 24 }), ...(hints.length ? [fc.constantFrom(...hints)] : []));
  if (codec instanceof t.NumberType) return fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
  if (codec instanceof t.BooleanType) return fc.boolean();
  if (codec instanceof t.NullType) return fc.constant(null);
  if (codec instanceof t.UnknownType) return smallJson;
  if (codec instanceof t.AnyDictionaryType || codec === t.UnknownRecord) return fc.dictionary(fc.string({ maxLength: 8 }), smallJson, { maxKeys: 3 });
  if (codec instanceof t.ExactType || codec instanceof t.ReadonlyType) return arbitraryOf(codec.type, hints);
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) return fc.array(arbitraryOf(codec.type, hints), { maxLength: 3 });
  if (codec instanceof t.UnionType) return fc.oneof(...(codec.types as t.Mixed[]).map((member) => arbitraryOf(member, hints)));
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) {
    const props = codec.props as Record<string, t.Mixed>;
    const model = Object.fromEntries(Object.entries(props).map(([key, type]) => [key, arbitraryOf(type, hints)]));
    return codec instanceof t.InterfaceType ? fc.record(model) : fc.record(model, { requiredKeys: [] });
  }
  if (codec instanceof t.IntersectionType) {
    return fc
      .tuple(...(codec.types as t.Mixed[]).map((member) => arbitraryOf(member, hints)))
      .map((parts) => (parts.every((p) => typeof p === 'object' && p !== null && !Array.isArray(p)) ? Object.assign({}, ...parts) : parts[0]));
  }
  // Refinements (branded UUIDs) and checkedTypes: only their predicate knows.
  return opaque(codec, hints);
}
