import { out, type BusEvent, type Outgoing } from '../../src/contract/index.js';
import type { SyncContext, SyncEvent, SyncStart, SyncStatus } from './sync-machine.js';
import { diffGame, progressFigures } from './sync-rules.js';
import type { Route } from './write-ahead.js';

/**
 * What a sync job says, built from its context: the seed's events for the user's sockets,
 * `$io_*` requests for the session layer, and replies to the sender. Pure functions.
 */

export const LIBRARY_IO_TOPIC = 'library-io';
export const userTopic = (userId: string) => `library-user/${userId}`;

type Details = Extract<SyncEvent, { type: 'details_fetched' }>;
type Limited = Extract<SyncEvent, { type: 'fetch_rate_limited' }>;

/** The current time as the job knows it: the delivery stamp, or the last one seen (timer events carry none). */
export const nowOf = (context: SyncContext, event: { $at?: number }) => event.$at ?? context.now;

const iso = (ms: number) => new Date(ms).toISOString();
export const round2 = (n: number) => Math.round(n * 100) / 100;


function wire(type: string, data: Record<string, unknown>, at: number, meta: Record<string, unknown> = {}) {
  return { type, data, timestamp: iso(at), ...meta };
}

export function toUser(ctx: SyncContext, type: string, data: Record<string, unknown>, at: number, meta: Record<string, unknown> = {}): Outgoing {
  return out({ topic: userTopic(ctx.op!.user_id) }, wire(type, data, at, meta));
}
export const toIo = (event: BusEvent): Outgoing => out({ topic: LIBRARY_IO_TOPIC }, event);
export const toSender = (event: BusEvent): Outgoing => out('sender', event);

/** The `$io_*` requests that write rows: the worker confirms each (`io_saved`), and the client events of their step wait for it. */
export const SYNC_WRITES: ReadonlySet<string> = new Set(['$io_save_game', '$io_remove_games', '$io_operation']);

/** Writes are kept until confirmed; replies and platform requests go at once; what the user's sockets hear waits for the writes. */
export function syncRoute(o: Outgoing): Route {
  if (SYNC_WRITES.has(o.event.type)) return 'write';
  return o.to === 'sender' || (typeof o.to === 'object' && 'topic' in o.to && o.to.topic === LIBRARY_IO_TOPIC) ? 'now' : 'ack';
}

/** A sync operation as the store keeps it: what `$io_operation` carries. */
export type OperationRow = {
  id: string;
  library_id: string;
  status: SyncStatus;
  sync_type: SyncStart['sync_type'];
  games_total: number;
  games_processed: number;
  games_added: number;
  games_updated: number;
  games_removed: number;
  errors_count: number;
  error_code: string | null;
  error_message: string | null;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
};

export function operationRecord(ctx: SyncContext, at: number): OperationRow {
  return {
    id: ctx.op!.operation_id,
    library_id: ctx.op!.library_id,
    status: ctx.status,
    sync_type: ctx.op!.sync_type,
    games_total: ctx.queue.length,
    games_processed: ctx.processed,
    games_added: ctx.added,
    games_updated: ctx.updated,
    games_removed: ctx.removed,
    errors_count: ctx.errors,
    error_code: ctx.lastError?.code ?? null,
    error_message: ctx.lastError?.message ?? null,
    started_at: ctx.startedAt ? iso(ctx.startedAt) : null,
    finished_at: ctx.finishedAt === null ? null : iso(ctx.finishedAt),
    updated_at: iso(at),
  };
}

export function operationRow(ctx: SyncContext, at: number) {
  return toIo({ type: '$io_operation', operation_id: ctx.op!.operation_id, operation: operationRecord(ctx, at) });
}

export function progressEvent(ctx: SyncContext, at: number, current: { title: string; platform_game_id: string } | null) {
  return toUser(
    ctx,
    'sync_progress',
    {
      operation_id: ctx.op!.operation_id,
      library_id: ctx.op!.library_id,
      status: ctx.status,
      games_processed: ctx.processed,
      games_total: ctx.queue.length,
      games_added: ctx.added,
      games_updated: ctx.updated,
      current_game: current ? { title: current.title, platform_game_id: current.platform_game_id } : null,
      ...progressFigures(ctx.processed, ctx.queue.length, ctx.startedAt, at),
      errors_count: ctx.errors,
    },
    at,
  );
}

function suggestionsFor(code: string, platform: string): string[] {
  const name = platform === 'steam' ? 'Steam' : 'the platform';
  switch (code) {
    case 'PLATFORM_AUTH_ERROR':
      return [`Verify API credentials for ${name}`, 'Make sure the game details of the profile are public', 'Reconnect the library'];
    case 'PLATFORM_RATE_LIMITED':
      return [`${name} is rate limiting requests`, 'Try again after the retry time', 'Prefer an incremental sync'];
    case 'PLATFORM_NOT_CONFIGURED':
      return ['Ask the server operator to configure the platform (e.g. STEAM_API_KEY)'];
    case 'SYNC_CANCELLED':
      return ['Start a new sync when ready'];
    default:
      return [`Check ${name} API status`, 'Verify API credentials', 'Try again in a few minutes'];
  }
}

/**
 * One processed game: the context update and everything it produces, in order — the store
 * write, `game_added` / `game_updated` / `achievement_unlocked`, and a `sync_progress` at
 * most every `progressIntervalMs`.
 */
export function processDetails(context: SyncContext, event: Details): { next: Partial<SyncContext>; events: Outgoing[] } {
  const op = context.op!;
  const now = nowOf(context, event);
  const diff = diffGame(op.library_id, event.existing, event.details);
  const summaryMax = op.settings.summaryMax;
  const next: Partial<SyncContext> = { index: context.index + 1, processed: context.processed + 1, attempt: 0, now };
  if (diff.kind === 'added') {
    next.added = context.added + 1;
    if (context.newGames.length < summaryMax) next.newGames = [...context.newGames, { title: diff.record.title, game_id: diff.record.game_id }];
  } else if (diff.kind === 'updated') {
    next.updated = context.updated + 1;
    if (context.updatedGames.length < summaryMax) next.updatedGames = [...context.updatedGames, { title: diff.record.title, changes: diff.tags }];
  }
  const after = { ...context, ...next };
  const isLast = after.index >= after.queue.length;
  const meta = { $genres: diff.record.genres };
  const events: Outgoing[] = [];
  if (diff.kind !== 'unchanged') events.push(toIo({ type: '$io_save_game', operation_id: op.operation_id, library_id: op.library_id, record: diff.record, at: iso(now) }));
  if (diff.kind === 'added') {
    const { game_id, title, developer, cover_image_url, genres, platform_game_id } = diff.record;
    events.push(
      toUser(after, 'game_added', {
        library_id: op.library_id,
        game: { game_id, title, developer, cover_image_url, genres, platform_game_id },
        source: 'sync_operation',
        operation_id: op.operation_id,
      }, now, meta),
    );
  } else if (diff.kind === 'updated') {
    events.push(
      toUser(after, 'game_updated', {
        library_id: op.library_id,
        game_id: diff.record.game_id,
        title: diff.record.title,
        changes: diff.changes,
        source: 'sync_operation',
        operation_id: op.operation_id,
      }, now, meta),
    );
    for (const a of diff.unlocked) {
      events.push(
        toUser(after, 'achievement_unlocked', {
          library_id: op.library_id,
          game_id: diff.record.game_id,
          game_title: diff.record.title,
          achievement: {
            achievement_id: a.achievement_id,
            title: a.title,
            description: a.description,
            icon_url: a.icon_url,
            rarity_percentage: a.rarity_percentage,
            points: a.points,
          },
          unlocked_at: a.unlocked_at,
        }, now, meta),
      );
    }
  }
  // The last game's progress is the completion's 100% event; otherwise throttle.
  if (!isLast && now - context.lastProgressAt >= op.settings.progressIntervalMs) {
    next.lastProgressAt = now;
    events.push(progressEvent(after, now, event.details));
    events.push(operationRow(after, now));
  }
  return { next, events };
}

export function rateLimitedEvent(context: SyncContext, event: Limited, autoResume: boolean) {
  const op = context.op!;
  return toUser(context, 'sync_rate_limited', {
    operation_id: op.operation_id,
    library_id: op.library_id,
    status: 'rate_limited',
    platform: op.platform,
    retry_after_seconds: event.retry_after_seconds,
    requests_remaining: event.requests_remaining,
    window_reset_at: event.window_reset_at,
    auto_resume: autoResume,
  }, context.now);
}

export function failedEvent(context: SyncContext, now: number) {
  const op = context.op!;
  const code = context.lastError?.code ?? 'PLATFORM_API_ERROR';
  const cancelled = code === 'SYNC_CANCELLED';
  const retryAfter = code === 'PLATFORM_RATE_LIMITED' ? Math.max(context.waitMs / 1000, 0) : cancelled ? 0 : op.settings.retryAfterSec;
  return toUser(
    context,
    'sync_failed',
    {
      operation_id: op.operation_id,
      library_id: op.library_id,
      status: cancelled ? 'cancelled' : 'failed',
      error_code: code,
      error_message: context.lastError?.message ?? 'sync failed',
      games_processed: context.processed,
      games_total: context.queue.length,
      can_retry: code !== 'PLATFORM_AUTH_ERROR' && code !== 'PLATFORM_NOT_CONFIGURED',
      retry_after_seconds: Math.ceil(retryAfter),
      recovery_suggestions: suggestionsFor(code, op.platform),
    },
    now,
  );
}

