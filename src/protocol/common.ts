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

/** A finite integer in [min, max]. */
export const intBetween = (min: number, max: number, name = `integer(${min}..${max})`) =>
  checkedType(name, (u): u is number => Number.isInteger(u) && (u as number) >= min && (u as number) <= max);
