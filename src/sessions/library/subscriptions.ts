import type { BusEvent } from '../../bus/index.js';
import type { SubscriptionFilters } from '../../protocol/library.js';

/**
 * What a socket hears: the event types it subscribed to (single names or the seed client's
 * feature groups), filtered server-side by library, game genre and notification level.
 */

export const EVENT_GROUPS: Readonly<Record<string, readonly string[]>> = {
  sync_progress: [
    'sync_started', 'sync_progress', 'sync_completed', 'sync_failed', 'sync_rate_limited',
    'game_added', 'game_updated', 'achievement_unlocked',
  ],
  ai_chat: ['ai_thinking', 'ai_tool_execution', 'ai_chat_response_chunk', 'ai_chat_response_complete', 'ai_error'],
  notifications: ['system_notification', 'system_status_update', 'maintenance_mode'],
};

export const FEATURES = Object.keys(EVENT_GROUPS);
export const SUBSCRIBABLE = new Set(Object.values(EVENT_GROUPS).flat());

/** Expand group names; the unknown names are returned apart so the client can be told. */
export function expandEvents(names: readonly string[]): { events: string[]; unknown: string[] } {
  const events = new Set<string>();
  const unknown: string[] = [];
  for (const name of names) {
    const group = Object.prototype.hasOwnProperty.call(EVENT_GROUPS, name) ? EVENT_GROUPS[name] : undefined;
    if (group) for (const e of group) events.add(e);
    if (SUBSCRIBABLE.has(name)) events.add(name);
    if (!group && !SUBSCRIBABLE.has(name)) unknown.push(name);
  }
  return { events: [...events], unknown };
}

export interface Subscription {
  events: Set<string>;
  libraryIds: Set<string> | null;
  genres: Set<string> | null;
  levels: Set<string> | null;
}

export const emptySubscription = (): Subscription => ({ events: new Set(), libraryIds: null, genres: null, levels: null });

/** Apply a `subscribe`: events are added; each filter given replaces the previous one (`null` clears it). */
export function subscribe(sub: Subscription, events: readonly string[], filters: SubscriptionFilters | undefined): Subscription {
  const next: Subscription = { ...sub, events: new Set([...sub.events, ...events]) };
  if (filters && 'library_id' in filters) {
    const v = filters.library_id;
    next.libraryIds = v === null || v === undefined ? null : new Set(Array.isArray(v) ? v : [v]);
  }
  if (filters && 'game_genres' in filters) {
    next.genres = filters.game_genres ? new Set(filters.game_genres.map((g) => g.toLowerCase())) : null;
  }
  if (filters && 'notification_level' in filters) next.levels = filters.notification_level ? new Set(filters.notification_level) : null;
  return next;
}

export function unsubscribe(sub: Subscription, events: readonly string[]): Subscription {
  const remaining = new Set(sub.events);
  for (const e of events) remaining.delete(e);
  return { ...sub, events: remaining };
}

const GAME_EVENTS = new Set(['game_added', 'game_updated', 'achievement_unlocked']);

/** The level a system event is filtered by. */
export function levelOf(event: BusEvent): string | undefined {
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (event.type === 'system_notification') return String(data.level ?? 'info');
  if (event.type === 'system_status_update') return data.status === 'down' ? 'error' : data.status === 'degraded' ? 'warning' : 'info';
  if (event.type === 'maintenance_mode') return 'warning';
  return undefined;
}

/** Whether a socket with this subscription hears `event`. */
export function matches(sub: Subscription, event: BusEvent): boolean {
  if (!sub.events.has(event.type)) return false;
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (sub.libraryIds && typeof data.library_id === 'string' && !sub.libraryIds.has(data.library_id)) return false;
  if (sub.genres && GAME_EVENTS.has(event.type)) {
    const genres = (event.$genres as string[] | undefined) ?? [];
    if (!genres.some((g) => sub.genres!.has(g.toLowerCase()))) return false;
  }
  if (sub.levels) {
    const level = levelOf(event);
    if (level !== undefined && !sub.levels.has(level)) return false;
  }
  return true;
}

/** The filters as the client sees them (in the `subscribed` reply). */
export function describeFilters(sub: Subscription) {
  return {
    library_id: sub.libraryIds ? [...sub.libraryIds] : null,
    game_genres: sub.genres ? [...sub.genres] : null,
    notification_level: sub.levels ? [...sub.levels] : null,
  };
}
