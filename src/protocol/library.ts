import * as t from 'io-ts';
import type { BusEvent } from '../bus/index.js';
import type { WireCodec } from '../gateway/types.js';
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
