/**
 * What the live view must never show: private fields of a session's context and of the
 * events it handles. The rule is generic, by field name, so every session type is
 * covered without listing its fields:
 *
 * A field is private when its name, split into words (`holeCards` → hole, cards;
 * `session_token` → session, token; `calLeft` → cal, left), contains one of
 * {@link PRIVATE_WORDS}, or when the whole name, lower-cased, ends with one of
 * {@link PRIVATE_SUFFIXES} (`authtoken`, `holecards`). Its value, whatever its shape,
 * is replaced by {@link MASKED}. `CHARTS_MASK` adds more: a one-word entry (`vote`) is
 * a word like the built-in ones, a longer one (`nightActions`) a whole field name.
 *
 * Events a machine emits to one member or one connection are private by construction
 * (hole cards, roles, credentials): only their type is shown (see {@link maskOutgoing}).
 */

export const MASKED = '‹masked›';

/** Words that make a field private wherever they appear in its name. */
export const PRIVATE_WORDS: readonly string[] = [
  'token', 'tokens', 'jwt', 'secret', 'secrets', 'password', 'passwords', 'credential', 'credentials',
  'apikey', 'hole', 'cards', 'deck', 'role', 'roles', 'alignment', 'intel', 'calibration', 'cal',
  'rng', 'seed',
];

/** Endings that make a field private when its name is written as one lower-case word. */
export const PRIVATE_SUFFIXES: readonly string[] = ['token', 'tokens', 'secret', 'password', 'cards', 'apikey'];

/** Limits that keep a live-view payload small however large a context grows. */
const MAX_DEPTH = 8;
const MAX_ITEMS = 50;
const MAX_STRING = 200;

export interface Masker {
  /** Whether a field with this name is private. */
  isPrivate(key: string): boolean;
  /** A copy of `value` with private fields replaced by {@link MASKED}, long lists and strings cut short. */
  mask(value: unknown): unknown;
}

/** Split a field name into lower-case words: camelCase, snake_case, kebab-case, digits. */
export function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/)
    .filter((word) => word.length > 0);
}

export function createMasker(extraWords: readonly string[] = []): Masker {
  // An extra entry of one word (`vote`) masks that word anywhere; a longer one (`nightActions`) masks that field name.
  const words = new Set([...PRIVATE_WORDS, ...extraWords.filter((entry) => wordsOf(entry).length === 1).map((entry) => entry.toLowerCase())]);
  const wholeNames = new Set(extraWords.map((word) => word.toLowerCase()));
  const cache = new Map<string, boolean>();

  const isPrivate = (key: string): boolean => {
    let verdict = cache.get(key);
    if (verdict === undefined) {
      const lower = key.toLowerCase();
      verdict =
        wholeNames.has(lower) ||
        wordsOf(key).some((word) => words.has(word)) ||
        (/^[a-z]+$/.test(key) && PRIVATE_SUFFIXES.some((suffix) => lower.endsWith(suffix)));
      if (cache.size < 10_000) cache.set(key, verdict);
    }
    return verdict;
  };

  const mask = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
    if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
    if (depth >= MAX_DEPTH) return '…';
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((item) => mask(item, depth + 1));
      if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
      return items;
    }
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const [key, inner] of Object.entries(value)) {
      if (++count > MAX_ITEMS) {
        out['…'] = `${Object.keys(value).length - MAX_ITEMS} more fields`;
        break;
      }
      out[key] = isPrivate(key) ? MASKED : mask(inner, depth + 1);
    }
    return out;
  };

  return { isPrivate, mask: (value) => mask(value) };
}

/**
 * An emitted event as the live view shows it: events for the whole session or a topic
 * are masked field by field; events for one member, one connection or the sender are
 * reduced to their type, since they are where private data goes.
 */
export function maskOutgoing(masker: Masker, to: unknown, event: { type: string }): { to: string; event: unknown } {
  if (to === 'session') return { to: 'session', event: masker.mask(event) };
  if (to && typeof to === 'object' && 'topic' in to) return { to: `topic ${String((to as { topic: unknown }).topic)}`, event: masker.mask(event) };
  const audience =
    to === 'sender' ? 'sender' : to && typeof to === 'object' && 'member' in to ? 'member' : to && typeof to === 'object' && 'conn' in to ? 'connection' : 'private';
  return { to: audience, event: { type: event.type, '…': MASKED } };
}
