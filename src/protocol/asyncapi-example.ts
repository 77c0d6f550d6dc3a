import * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';

/** Values tried, in order, for a codec whose rule only its predicate knows (`checkedType`). */
const CANDIDATES: unknown[] = ['t-1', 'example', '123e4567-e89b-42d3-a456-426614174000', 1000, 100, 1, 0, 0.5, true, false, {}, []];
const UUID = '123e4567-e89b-42d3-a456-426614174000';

const valid = (codec: t.Mixed, value: unknown) => isRight(codec.decode(value));

function draft(codec: t.Mixed): unknown {
  if (codec instanceof t.LiteralType) return codec.value;
  if (codec instanceof t.StringType) return 'text';
  if (codec instanceof t.NumberType) return 1;
  if (codec instanceof t.BooleanType) return true;
  if (codec instanceof t.NullType) return null;
  if (codec instanceof t.UnknownType || codec instanceof t.AnyDictionaryType) return {};
  if (codec instanceof t.AnyArrayType) return [];
  if (codec instanceof t.KeyofType) return Object.keys(codec.keys)[0];
  if (codec instanceof t.ExactType || codec instanceof t.ReadonlyType) return exampleOf(codec.type);
  if (codec instanceof t.RefinementType) return codec.name === 'Uuid' ? UUID : exampleOf(codec.type);
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) {
    const item = exampleOf(codec.type);
    return item === undefined ? [] : [item];
  }
  if (codec instanceof t.DictionaryType) return {};
  // Required fields only: the smallest valid message.
  if (codec instanceof t.InterfaceType) {
    return Object.fromEntries(Object.entries(codec.props as Record<string, t.Mixed>).map(([name, type]) => [name, exampleOf(type)]));
  }
  if (codec instanceof t.PartialType) return {};
  if (codec instanceof t.IntersectionType) {
    const parts = (codec.types as t.Mixed[]).map(exampleOf);
    return parts.every((p) => typeof p === 'object' && p !== null && !Array.isArray(p)) ? Object.assign({}, ...parts) : parts[0];
  }
  if (codec instanceof t.UnionType) {
    for (const member of codec.types as t.Mixed[]) {
      const value = exampleOf(member);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/**
 * A value `codec` decodes: built from its structure (required fields only), else the first
 * of a few plain candidates it accepts. `undefined` when neither works (a hand-written
 * decoder with rules of its own, such as mafia's night actions).
 */
export function exampleOf(codec: t.Mixed): unknown {
  const value = draft(codec);
  if (value !== undefined && valid(codec, value)) return value;
  return CANDIDATES.find((candidate) => valid(codec, candidate));
}
