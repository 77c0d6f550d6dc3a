import * as t from 'io-ts';
import type { BusEvent, WireCodec } from '../contract/index.js';
import { boundedString, intBetween } from './common.js';
import { codecsByTag, decodeTagged, parseObject } from './decode.js';

/**
 * Seed 001 wire family (`/ws?token=JWT`): both ways `{type, data, timestamp, id?}`,
 * snake_case names exactly as the seed. A reply to a client message carries its `id`.
 * Extra unknown fields are ignored.
 */

const MessageId = boundedString(128, 'string(1..128)');
const envelope = <T extends string, D extends t.Mixed>(type: T, data: D) =>
  t.intersection([t.type({ type: t.literal(type), data }), t.partial({ id: MessageId, timestamp: t.unknown })], type);
const optionalData = <T extends string, D extends t.Mixed>(type: T, data: D) =>
  t.intersection([t.type({ type: t.literal(type) }), t.partial({ data, id: MessageId, timestamp: t.unknown })], type);

const EventName = boundedString(64, 'event name');
const StringOrList = t.union([boundedString(128), t.array(boundedString(128))], 'string or array of strings');

export const SubscriptionFilters = t.partial({
  library_id: t.union([StringOrList, t.null]),
  game_genres: t.union([t.array(boundedString(64)), t.null]),
  notification_level: t.union([t.array(t.keyof({ info: null, warning: null, error: null, critical: null })), t.null]),
});
export type SubscriptionFilters = t.TypeOf<typeof SubscriptionFilters>;

export const Ping = optionalData('ping', t.UnknownRecord);
export const Subscribe = envelope(
  'subscribe',
  t.intersection([t.type({ events: t.array(EventName) }), t.partial({ filters: SubscriptionFilters })]),
);
export const Unsubscribe = envelope('unsubscribe', t.type({ events: t.array(EventName) }));
export const AiChatMessage = envelope(
  'ai_chat_message',
  t.intersection([
    t.type({ message: boundedString(4_000, 'string(1..4000)') }),
    t.partial({
      context: t.partial({
        library_id: t.union([boundedString(128), t.null]),
        conversation_id: t.union([t.refinement(boundedString(128), (s) => /^[A-Za-z0-9_.:-]+$/.test(s), 'conversation id ([A-Za-z0-9_.:-], 1..128)'), t.null]),
      }),
    }),
  ]),
);

export const libraryClientCodecs = [Ping, Subscribe, Unsubscribe, AiChatMessage] as const;
export const LibraryClientMessage = t.union([...libraryClientCodecs]);
export type LibraryClientMessage = t.TypeOf<typeof LibraryClientMessage>;
const byType = codecsByTag(libraryClientCodecs);

// ---- REST bodies ----

export const Platform = t.keyof({ fixture: null, steam: null }, '"fixture" | "steam"');
export type Platform = t.TypeOf<typeof Platform>;
export const CreateLibraryBody = t.intersection([
  t.type({ name: boundedString(100, 'string(1..100)'), platform: Platform }),
  t.partial({ platform_user_id: boundedString(64, 'string(1..64)') }),
]);
export const StartSyncBody = t.partial({ type: t.keyof({ full: null, incremental: null }, '"full" | "incremental"') });
export const MaintenanceBody = t.intersection([
  t.type({ action: t.keyof({ start: null, end: null }, '"start" | "end"') }),
  t.partial({
    message: boundedString(500, 'string(1..500)'),
    duration_minutes: intBetween(1, 24 * 60, 'integer(1..1440)'),
    starts_in_minutes: intBetween(0, 24 * 60, 'integer(0..1440)'),
    affected_services: t.array(t.keyof({ sync: null, ai_chat: null })),
  }),
]);
export type MaintenanceBody = t.TypeOf<typeof MaintenanceBody>;
export const NotificationBody = t.intersection([
  t.type({
    level: t.keyof({ info: null, warning: null, error: null, critical: null }),
    title: boundedString(200, 'string(1..200)'),
    message: boundedString(2_000, 'string(1..2000)'),
  }),
  t.partial({
    action: t.type({ type: t.literal('url'), label: boundedString(100), url: boundedString(2_000) }),
    dismissible: t.boolean,
    expires_at: boundedString(64),
  }),
]);
export type NotificationBody = t.TypeOf<typeof NotificationBody>;

// ---- the envelope ----

/**
 * Internal events are `{type, data, timestamp?, id?}` plus routing metadata whose keys start
 * with `$` (genres for filtering, the originating socket); the metadata never reaches a client.
 */
export interface LibraryWireEvent extends BusEvent {
  data: Record<string, unknown>;
  timestamp?: string;
  id?: string;
}

export function encodeLibraryEvent(event: BusEvent): string {
  const timestamp = typeof event.timestamp === 'string' ? event.timestamp : new Date().toISOString();
  const frame: Record<string, unknown> = { type: event.type, data: (event.data as object) ?? {}, timestamp };
  if (typeof event.id === 'string') frame.id = event.id;
  return JSON.stringify(frame);
}

export const libraryCodec: WireCodec<LibraryClientMessage> = {
  decode(text) {
    const parsed = parseObject(text);
    return parsed.ok ? decodeTagged(parsed.value, byType) : parsed;
  },
  encode: encodeLibraryEvent,
  error(code, message, request) {
    const id = typeof request?.id === 'string' && request.id.length <= 128 ? request.id : undefined;
    return encodeLibraryEvent({ type: 'error', data: { error_code: code, message }, ...(id === undefined ? {} : { id }) });
  },
  codes: { validation: 'VALIDATION_ERROR', rateLimited: 'RATE_LIMIT_EXCEEDED' },
};

// ---- server events (the generated reference and the tests decode against these) ----

const Str = t.string;
const Num = t.number;
const Nullable = <C extends t.Mixed>(c: C) => t.union([c, t.null]);
const serverEvent = <T extends string, P extends t.Props>(type: T, data: P) =>
  t.intersection([t.type({ type: t.literal(type), data: t.type(data), timestamp: Str }), t.partial({ id: Str })], type);
const GameRef = { library_id: Str, game_id: Str };
const Level = t.keyof({ info: null, warning: null, error: null, critical: null });
const Turn = { conversation_id: Str, message_id: Str };

export const libraryServerEvents = [
  serverEvent('connection_established', { user_id: Str, session_id: Str, server_time: Str, features: t.array(Str) }),
  serverEvent('pong', { client_id: Nullable(Str) }),
  serverEvent('subscribed', {
    events: t.array(Str),
    filters: t.type({ library_id: Nullable(t.array(Str)), game_genres: Nullable(t.array(Str)), notification_level: Nullable(t.array(Str)) }),
  }),
  serverEvent('unsubscribed', { events: t.array(Str) }),
  serverEvent('error', { error_code: Str, message: Str }),
  serverEvent('connection_error', { error_code: t.literal('AUTH_EXPIRED'), message: Str, reconnect_required: t.boolean, action_required: Str }),
  serverEvent('rate_limit_warning', { requests_remaining: Num, window_reset_seconds: Num, warning_threshold: Num }),
  serverEvent('sync_started', {
    operation_id: Str, library_id: Str, library_name: Str, operation_type: t.keyof({ full_sync: null, incremental_sync: null }),
    estimated_duration_minutes: Num, total_games_to_process: Num,
  }),
  serverEvent('sync_progress', {
    operation_id: Str, library_id: Str, status: Str, progress_percentage: Num, games_processed: Num, games_total: Num,
    games_added: Num, games_updated: Num, current_game: Nullable(t.type({ title: Str, platform_game_id: Str })),
    rate_per_minute: Num, estimated_completion: Nullable(Str), errors_count: Num,
  }),
  serverEvent('sync_completed', {
    operation_id: Str, library_id: Str, status: t.literal('completed'), duration_minutes: Num, games_processed: Num,
    games_added: Num, games_updated: Num, games_removed: Num, errors_count: Num,
    summary: t.type({
      new_games: t.array(t.type({ title: Str, game_id: Str })),
      updated_games: t.array(t.type({ title: Str, changes: t.array(Str) })),
    }),
  }),
  serverEvent('sync_failed', {
    operation_id: Str, library_id: Str, status: t.keyof({ failed: null, cancelled: null }), error_code: Str, error_message: Str,
    games_processed: Num, games_total: Num, can_retry: t.boolean, retry_after_seconds: Num, recovery_suggestions: t.array(Str),
  }),
  serverEvent('sync_rate_limited', {
    operation_id: Str, library_id: Str, status: t.literal('rate_limited'), platform: Str, retry_after_seconds: Num,
    requests_remaining: Num, window_reset_at: Str, auto_resume: t.boolean,
  }),
  serverEvent('game_added', {
    library_id: Str,
    game: t.type({ game_id: Str, title: Str, developer: Nullable(Str), cover_image_url: Nullable(Str), genres: t.array(Str), platform_game_id: Str }),
    source: t.literal('sync_operation'), operation_id: Str,
  }),
  serverEvent('game_updated', {
    ...GameRef, title: Str, changes: t.record(Str, t.type({ old: t.unknown, new: t.unknown })), source: t.literal('sync_operation'), operation_id: Str,
  }),
  serverEvent('achievement_unlocked', {
    ...GameRef, game_title: Str,
    achievement: t.type({ achievement_id: Str, title: Str, description: Str, icon_url: Nullable(Str), rarity_percentage: Nullable(Num), points: Nullable(Num) }),
    unlocked_at: Nullable(Str),
  }),
  serverEvent('ai_thinking', { ...Turn, status: t.literal('thinking'), activity: Str, estimated_seconds: Num }),
  serverEvent('ai_tool_execution', { ...Turn, tool_name: Str, tool_parameters: t.UnknownRecord, status: t.keyof({ executing: null, completed: null, failed: null }) }),
  serverEvent('ai_chat_response_chunk', { ...Turn, chunk: Str, is_final: t.boolean, chunk_index: Num }),
  serverEvent('ai_chat_response_complete', { ...Turn, full_message: Str, tools_used: t.array(Str), response_time_ms: Num, token_count: Num }),
  serverEvent('ai_error', { ...Turn, error_code: Str, error_message: Str, is_recoverable: t.boolean, suggested_action: Str }),
  serverEvent('system_notification', {
    level: Level, title: Str, message: Str, action: Nullable(t.type({ type: t.literal('url'), label: Str, url: Str })), dismissible: t.boolean, expires_at: Nullable(Str),
  }),
  serverEvent('system_status_update', {
    component: Str, status: t.keyof({ operational: null, degraded: null, down: null }), message: Str, impact: Str, estimated_resolution: Nullable(Str),
  }),
  serverEvent('maintenance_mode', {
    status: t.keyof({ starting: null, started: null, ended: null }), message: Str, duration_minutes: Num, scheduled_start: Str,
    scheduled_end: Str, affected_services: t.array(Str),
  }),
] as const;

const serverByType = codecsByTag(libraryServerEvents);

/** Check a frame the server sent against its codec (tests use this on every frame they receive). */
export function checkLibraryServerFrame(frame: unknown): string | undefined {
  if (typeof frame !== 'object' || frame === null) return 'not an object';
  const decoded = decodeTagged(frame as Record<string, unknown>, serverByType);
  return decoded.ok ? undefined : decoded.error.message;
}

export const libraryWire = {
  name: 'library',
  title: 'Game library, sync jobs, assistant and system events',
  seed: '001',
  routes: ['/ws?token=JWT'],
  envelope:
    'Both ways `{"type", "data", "timestamp", "id"?}` exactly as the seed. A reply to a client message carries its `id`. ' +
    'Unknown fields are ignored. `subscribed`/`unsubscribed` acknowledge subscriptions and `error` refuses a message ' +
    '(additions to the seed; clients that ignore unknown types are unaffected). See docs/library.md for the rules.',
  client: libraryClientCodecs,
  server: libraryServerEvents,
  errors: {
    VALIDATION_ERROR: 'a frame that is not JSON, not an object, of unknown `type`, with a missing or wrong field, or an unknown subscription name',
    RATE_LIMIT_EXCEEDED: 'over the socket message budget (after `rate_limit_warning`); closed with 1008 if it persists',
    AUTH_EXPIRED: '`connection_error` when the token expires while connected; then closed with 4001',
    PERMISSION_DENIED: '`ai_error`: someone else\'s conversation',
    NOT_FOUND: '`ai_error`: `context.library_id` is not one of the user\'s libraries',
    CONVERSATION_BUSY: '`ai_error`: the conversation is still answering the previous message',
    MAINTENANCE_MODE: '`ai_error`: chat is paused for maintenance',
    TOOL_EXECUTION_FAILED: '`ai_error`: a tool (store query) failed',
    AI_TIMEOUT: '`ai_error`: no answer within LIBRARY_AI_TIMEOUT_MS',
    AI_PROVIDER_ERROR: '`ai_error`: the remote model provider failed or refused',
    PLATFORM_API_ERROR: '`sync_failed`: the platform kept failing (5xx, timeouts) after retries',
    PLATFORM_AUTH_ERROR: '`sync_failed`: credentials refused or the profile is private',
    PLATFORM_RATE_LIMITED: '`sync_failed`: the platform rate limit lasts longer than the server waits',
    PLATFORM_NOT_CONFIGURED: '`sync_failed`: the platform is not configured on this server',
    SYNC_CANCELLED: '`sync_failed` with `status: "cancelled"`',
    SERVER_ERROR: 'the server failed to handle the message; nothing changed',
  },
};
