import type { PrivateFields } from '../contract/index.js';

/**
 * What the live view must never show, by declaration: each session type declares, next
 * to each machine, the context fields and event types that are private
 * (`machines/<name>/private-fields.ts`, a {@link PrivateFields}). A declared field's value
 * is replaced by {@link MASKED} wherever it appears (context or event payload); a
 * declared event type keeps only its type and sender. `CHARTS_MASK` adds field names for
 * every kind. A kind with no declaration shows neither context nor payloads: a new
 * session type is private until it says what is not.
 *
 * Events a machine emits to one member, one connection or the sender are private by
 * construction (hole cards, roles, credentials): only their type is shown (see {@link maskOutgoing}).
 */

export const MASKED = '‹masked›';

/** Limits that keep a live-view payload small however large a context grows. */
const MAX_DEPTH = 8;
const MAX_ITEMS = 50;
const MAX_STRING = 200;

export interface Masker {
  /** Whether a field with this name is private. */
  isPrivate(key: string): boolean;
  /** A copy of a context with private fields replaced by {@link MASKED}, long lists and strings cut short. */
  mask(value: unknown): unknown;
  /** An event (handled, or emitted to the session or a topic) as the live view may show it. */
  maskEvent(event: { type: string; $from?: unknown }): unknown;
}

/**
 * The masker of one actor kind: its declaration (undefined: the kind declared nothing,
 * so everything is hidden) plus the server's extra field names (`CHARTS_MASK`).
 */
export function createMasker(declaration: PrivateFields | undefined, extraFields: readonly string[] = []): Masker {
  const names = new Set([...(declaration?.fields ?? []), ...extraFields]);
  const lowerExtras = new Set(extraFields.map((name) => name.toLowerCase()));
  const privateEvents = new Set(declaration?.events ?? []);

  const isPrivate = (key: string): boolean => declaration === undefined || names.has(key) || (lowerExtras.size > 0 && lowerExtras.has(key.toLowerCase()));

  const mask = (value: unknown, depth: number): unknown => {
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

  return {
    isPrivate,
    mask: (value) => (declaration === undefined && value !== null && typeof value === 'object' ? MASKED : mask(value, 0)),
    maskEvent(event) {
      if (declaration === undefined || privateEvents.has(event.type)) {
        return event.$from === undefined ? { type: event.type, '…': MASKED } : { type: event.type, $from: senderOf(event.$from), '…': MASKED };
      }
      const masked = mask(event, 0) as Record<string, unknown>;
      // The type is what a designer follows; a declared field name never hides it.
      masked.type = event.type;
      return masked;
    },
  };
}

/** Who sent an event, as ids only (the runtime's `$from`: a socket and a member). */
function senderOf(from: unknown): Record<string, string> {
  const sender: Record<string, string> = {};
  if (from && typeof from === 'object') {
    const { conn, member } = from as { conn?: unknown; member?: unknown };
    if (typeof conn === 'string') sender.conn = conn;
    if (typeof member === 'string') sender.member = member;
  }
  return sender;
}

/**
 * An emitted event as the live view shows it: events for the whole session or a topic
 * go through the kind's declaration; events for one member, one connection or the
 * sender are reduced to their type, since they are where private data goes.
 */
export function maskOutgoing(masker: Masker, to: unknown, event: { type: string }): { to: string; event: unknown } {
  if (to === 'session') return { to: 'session', event: masker.maskEvent(event) };
  if (to && typeof to === 'object' && 'topic' in to) return { to: `topic ${String((to as { topic: unknown }).topic)}`, event: masker.maskEvent(event) };
  const audience =
    to === 'sender' ? 'sender' : to && typeof to === 'object' && 'member' in to ? 'member' : to && typeof to === 'object' && 'conn' in to ? 'connection' : 'private';
  return { to: audience, event: { type: event.type, '…': MASKED } };
}
