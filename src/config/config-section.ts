import type { Env } from './env.js';
import type { Setting } from './setting.js';

/** The values a record of settings reads to. */
export type ValuesOf<S extends Record<string, Setting<unknown>>> = { [P in keyof S]: S[P] extends Setting<infer T> ? T : never };

/**
 * The settings of one part of the server (the server itself, `/charts`, a session type):
 * the variables it reads, as data, and how they become its config object. `load` reads
 * exactly the declared variables (and `NODE_ENV`); a test holds every section to that.
 */
export interface ConfigSection<K extends string = string, V = unknown> {
  /** Where the section sits in the config a session type is given (`config.mafia`). */
  readonly key: K;
  /** Heading of its part of the README's configuration table. */
  readonly title: string;
  readonly settings: readonly Setting<unknown>[];
  load(env: Env): V;
}

/**
 * Declare a section: `settings` name each variable with its default and meaning;
 * `derive` turns the values read into the section's config (clamps, splits, defaults
 * computed from other settings). `production` is `NODE_ENV=production`.
 * @example
 * export const pokerConfig = defineConfigSection({
 *   key: 'poker', title: 'Poker table (seed 002)',
 *   settings: { maxSeats: intSetting('POKER_MAX_SEATS', 6, 'default table seats') },
 *   derive: (v) => v,
 * });
 */
export function defineConfigSection<K extends string, S extends Record<string, Setting<unknown>>, V>(definition: {
  key: K;
  title: string;
  settings: S;
  derive: (values: ValuesOf<S>, context: { production: boolean }) => V;
}): ConfigSection<K, V> {
  const entries = Object.entries(definition.settings);
  const names = new Set<string>();
  for (const [, setting] of entries) {
    if (names.has(setting.env)) throw new Error(`config: ${definition.key} declares ${setting.env} twice`);
    names.add(setting.env);
  }
  return {
    key: definition.key,
    title: definition.title,
    settings: entries.map(([, setting]) => setting),
    load(env) {
      const values = Object.fromEntries(entries.map(([field, setting]) => [field, setting.read(env)])) as ValuesOf<S>;
      return definition.derive(values, { production: env.NODE_ENV === 'production' });
    },
  };
}
