import { nanoid } from 'nanoid';
import type { Bus, BusEvent, Unsubscribe } from '../../bus/index.js';
import type { LibraryConfig } from '../../config/library.js';
import type { Connection, JwtAuth, SocketRoute } from '../../gateway/index.js';
import { libraryCodec, type LibraryClientMessage } from '../../protocol/library.js';
import { userTopic } from '../../../machines/library/sync-machine.js';
import { SYSTEM_TOPIC } from '../../../machines/library/system-machine.js';
import { LibraryErrorCode } from './errors.js';
import type { MaintenanceGate } from './maintenance-gate.js';
import type { CreationGuard } from '../creation-guard.js';
import {
  describeFilters, emptySubscription, expandEvents, FEATURES, matches, subscribe, unsubscribe, type Subscription,
} from './subscriptions.js';

/** Per-socket state the route keeps in `conn.data`. */
interface SocketState {
  sub: Subscription;
  unsubscribe: Unsubscribe[];
  window: { start: number; count: number; refused: number; warned: boolean };
  /** Conversations this socket has spoken in: the first message to any other one counts as a creation. */
  conversations: Set<string>;
}

const stateOf = (conn: Connection) => conn.data as unknown as SocketState;

/**
 * `/ws?token=JWT` exactly as seed 001: auth at upgrade, `connection_established`,
 * `ping`/`pong`, subscriptions with server-side filters, the message budget with its
 * warning, `ai_chat_message` to the conversation's actor, and `AUTH_EXPIRED` on expiry.
 */
export function createLibrarySocketRoute(deps: {
  bus: Bus;
  auth: JwtAuth;
  config: LibraryConfig;
  gate: MaintenanceGate;
  /** New conversations (CREATE_RATE_*, MAX_LIVE_SESSIONS). */
  conversations: CreationGuard;
}): SocketRoute<LibraryClientMessage> {
  const { bus, auth, config, gate } = deps;
  const now = () => new Date().toISOString();

  function deliver(conn: Connection, event: BusEvent) {
    const state = stateOf(conn);
    if (conn.closed || !state.sub) return;
    // The asking socket already hears its own assistant answer directly.
    if (event.$origin_conn === conn.id) return;
    if (matches(state.sub, event)) conn.send(event);
  }

  /** Count a message against the window; false = refuse it. Warns once when `warnAt` or fewer remain. */
  function budget(conn: Connection, id: string | undefined): boolean {
    const w = stateOf(conn).window;
    const t = Date.now();
    const windowMs = config.wsWindowSec * 1000;
    if (t - w.start >= windowMs) Object.assign(w, { start: t, count: 0, refused: 0, warned: false });
    const resetSec = Math.max(0, Math.ceil((w.start + windowMs - t) / 1000));
    if (w.count >= config.wsMessagesPerWindow) {
      if (++w.refused > config.wsCloseAfterRefused) {
        conn.close(1008, 'rate limit exceeded');
        return false;
      }
      conn.sendError(LibraryErrorCode.RATE_LIMIT_EXCEEDED, `over ${config.wsMessagesPerWindow} messages per ${config.wsWindowSec} s; retry in ${resetSec} s`, id ? { id } : undefined);
      return false;
    }
    w.count++;
    const remaining = config.wsMessagesPerWindow - w.count;
    if (remaining <= config.wsWarnAt && !w.warned) {
      w.warned = true;
      conn.send({
        type: 'rate_limit_warning',
        data: { requests_remaining: remaining, window_reset_seconds: resetSec, warning_threshold: config.wsWarnAt },
        timestamp: now(),
      });
    }
    return true;
  }

  return {
    path: '/ws',
    codec: libraryCodec,
    authenticate: ({ query }) => auth.verify(query.get('token')),

    open(conn) {
      const userId = conn.identity.member!;
      const state: SocketState = {
        sub: emptySubscription(),
        unsubscribe: [],
        window: { start: Date.now(), count: 0, refused: 0, warned: false },
        conversations: new Set(),
      };
      Object.assign(conn.data, state);
      stateOf(conn).unsubscribe.push(
        bus.subscribe(userTopic(userId), (event) => deliver(conn, event)),
        bus.subscribe(SYSTEM_TOPIC, (event) => deliver(conn, event)),
      );
      conn.send({
        type: 'connection_established',
        data: { user_id: userId, session_id: `sess_${conn.id}`, server_time: now(), features: FEATURES },
        timestamp: now(),
      });
    },

    message(msg, conn) {
      if (!budget(conn, msg.id)) return;
      const reply = (type: string, data: Record<string, unknown>) =>
        conn.send({ type, data, timestamp: now(), ...(msg.id === undefined ? {} : { id: msg.id }) });
      switch (msg.type) {
        case 'ping':
          return reply('pong', { client_id: msg.id ?? null });
        case 'subscribe': {
          const { events, unknown } = expandEvents(msg.data.events);
          if (unknown.length > 0) {
            return conn.sendError(
              LibraryErrorCode.VALIDATION_ERROR,
              `data.events: unknown event or group "${unknown[0].slice(0, 64)}" (groups: ${FEATURES.join(', ')})`,
              msg.id ? { id: msg.id } : undefined,
            );
          }
          const state = stateOf(conn);
          state.sub = subscribe(state.sub, events, msg.data.filters);
          reply('subscribed', { events: [...state.sub.events].sort(), filters: describeFilters(state.sub) });
          // A late subscriber to notifications still learns that maintenance is on.
          const notice = gate.current();
          if (notice && events.includes('maintenance_mode')) deliver(conn, notice);
          return;
        }
        case 'unsubscribe': {
          const { events, unknown } = expandEvents(msg.data.events);
          if (unknown.length > 0) {
            return conn.sendError(LibraryErrorCode.VALIDATION_ERROR, `data.events: unknown event or group "${unknown[0].slice(0, 64)}"`, msg.id ? { id: msg.id } : undefined);
          }
          const state = stateOf(conn);
          state.sub = unsubscribe(state.sub, events);
          return reply('unsubscribed', { events: [...state.sub.events].sort() });
        }
        case 'ai_chat_message': {
          const context = msg.data.context ?? {};
          const conversationId = context.conversation_id ?? `conv_${nanoid(12)}`;
          const messageId = msg.id ?? `msg_${nanoid(12)}`;
          if (msg.data.message.length > config.aiMessageMaxChars) {
            return conn.sendError(LibraryErrorCode.VALIDATION_ERROR, `data.message: expected at most ${config.aiMessageMaxChars} characters`, msg.id ? { id: msg.id } : undefined);
          }
          if (gate.blocks('ai_chat')) {
            return reply('ai_error', {
              conversation_id: conversationId,
              message_id: messageId,
              error_code: LibraryErrorCode.MAINTENANCE_MODE,
              error_message: 'The assistant is paused for system maintenance',
              is_recoverable: true,
              suggested_action: 'Try again when maintenance has ended',
            });
          }
          const state = stateOf(conn);
          // Whether a client-named conversation exists is the store's to say, not the route's: a
          // conversation this socket has not spoken in yet counts as a new one (one token of the user's budget).
          if (!state.conversations.has(conversationId)) {
            const refused = deps.conversations.refusal(conn.identity.member!);
            if (refused) {
              return reply('ai_error', {
                conversation_id: conversationId,
                message_id: messageId,
                error_code: refused.reason === 'full' ? LibraryErrorCode.SERVER_FULL : LibraryErrorCode.RATE_LIMIT_EXCEEDED,
                error_message: refused.message,
                is_recoverable: true,
                suggested_action: refused.reason === 'full' ? 'Try again later' : `Wait ${refused.retryAfterSec} s, or continue a conversation you already have`,
              });
            }
            state.conversations.add(conversationId);
          }
          return {
            address: `conversation/${conversationId}`,
            event: {
              type: 'ai_chat_message',
              conversation_id: conversationId,
              message_id: messageId,
              message: msg.data.message,
              library_id: context.library_id ?? null,
            },
          };
        }
      }
    },

    close(conn) {
      for (const stop of stateOf(conn).unsubscribe ?? []) stop();
    },

    expired(conn) {
      conn.send({
        type: 'connection_error',
        data: {
          error_code: LibraryErrorCode.AUTH_EXPIRED,
          message: 'Authentication token has expired',
          reconnect_required: true,
          action_required: 'refresh_token',
        },
        timestamp: now(),
      });
      conn.close(4001, 'token expired');
    },
  };
}
