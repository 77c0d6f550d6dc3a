import * as t from 'io-ts';
import { checkedType } from './decode.js';

/** Shared codecs used by several wire families. */

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UuidBrand {
  readonly Uuid: unique symbol;
}
export const Uuid = t.brand(t.string, (s): s is t.Branded<string, UuidBrand> => UUID_PATTERN.test(s), 'Uuid');
export type Uuid = t.TypeOf<typeof Uuid>;

/** A string of 1..max characters (after trimming it must not be empty). */
export const boundedString = (max: number, name = `string(1..${max})`) =>
  checkedType(name, (u): u is string => typeof u === 'string' && u.trim().length > 0 && u.length <= max);

/**
 * An integer in [min, max] that is also a safe integer (|n| ≤ 2^53 − 1). Every integer
 * field of every codec is one of these: beyond 2^53 a JSON number no longer names one
 * integer (9007199254740993 parses as …992), and 1e308 is an "integer" to
 * `Number.isInteger` that no counter, score or chip stack can hold.
 */
export const intBetween = (min: number, max: number, name = `integer(${min}..${max})`) => {
  const low = Math.max(min, Number.MIN_SAFE_INTEGER);
  const high = Math.min(max, Number.MAX_SAFE_INTEGER);
  return checkedType(name, (u): u is number => Number.isSafeInteger(u) && (u as number) >= low && (u as number) <= high);
};

/** Any safe integer ≥ 0 (counts, scores, indexes). */
export const nonNegativeInt = intBetween(0, Number.MAX_SAFE_INTEGER, 'non-negative safe integer (0..2^53-1)');
