import { bool, int, num, str, type Env } from './env.js';

/**
 * One environment variable a section reads: its name, its named default and what it
 * means. The README's configuration table is rendered from these, so it cannot drift
 * from what the loader does.
 */
export interface Setting<T> {
  readonly env: string;
  readonly default: T;
  readonly meaning: string;
  /** How the default reads in the docs when the value alone would mislead (computed, random, per process). */
  readonly shown?: string;
  read(env: Env): T;
}

type Reader<T> = (env: Env, name: string, fallback: T) => T;

const define =
  <T>(reader: Reader<T>) =>
  (name: string, fallback: T, meaning: string, shown?: string): Setting<T> => ({
    env: name,
    default: fallback,
    meaning,
    shown,
    read: (env) => reader(env, name, fallback),
  });

/** A non-negative integer (a malformed value fails at startup). */
export const intSetting = define(int);
/** A number, possibly fractional (a probability, a level). */
export const numSetting = define(num);
/** A string; an empty value means the default. */
export const strSetting = define(str);
/** `1/true/yes/on` or `0/false/no/off`. */
export const boolSetting = define(bool);

/** An integer whose default is computed from other settings: `undefined` when the variable is unset. */
export const optionalIntSetting = (name: string, meaning: string, shown: string): Setting<number | undefined> => ({
  env: name,
  default: undefined,
  meaning,
  shown,
  read: (env) => (env[name] === undefined || env[name] === '' ? undefined : int(env, name, 0)),
});

/** A boolean whose default depends on the environment (e.g. off in production): `undefined` when unset. */
export const optionalBoolSetting = (name: string, meaning: string, shown: string): Setting<boolean | undefined> => ({
  env: name,
  default: undefined,
  meaning,
  shown,
  read: (env) => (env[name] === undefined || env[name] === '' ? undefined : bool(env, name, false)),
});
