import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import type { Bus } from '../bus/index.js';
import type { Config } from '../config/index.js';
import { SystemEvent } from '../contract/index.js';
import type { Logger } from '../runtime/index.js';
import { createConnection, type GatewayConnection, type SocketData } from './connection.js';
import type { Metrics } from './metrics.js';
import { admitFrame, RateVerdict } from './rate-limiter.js';
import type { TopicRelay } from './topic-relay.js';
import type { Dispatch, SocketRoute } from './types.js';
import { createUpgrade } from './upgrade.js';
import { uWS } from './uws.js';

export interface SocketRouteDeps {
  bus: Bus;
  config: Config;
  metrics: Metrics;
  logger: Logger;
  relay: TopicRelay;
  /** Every open socket of the gateway (to close them on shutdown). */
  open: Set<WebSocket<SocketData>>;
  draining(): boolean;
}

/**
 * Frames to text, half the cost of Buffer#toString. `ignoreBOM` keeps a leading U+FEFF in the
 * text, so the codec refuses it: JSON text (RFC 8259) has no byte order mark. Invalid UTF-8 in a
 * text frame never reaches this: uWS 20.30 drops such a connection itself (no close frame), and the
 * close handler counts it (`actorcade_invalid_utf8_closes_total`).
 */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Mount one socket route on the app: the frame path socket → size and rate limits → codec
 * → route → bus, and the socket's lifecycle (open, close → `$disconnect` to its sessions).
 */
export function mountSocketRoute(app: TemplatedApp, route: SocketRoute, deps: SocketRouteDeps): void {
  const { bus, config, metrics, logger, relay, open } = deps;
  const { codec } = route;
  // Taken out of their objects once: the frame handler below is one function for every route, so V8
  // shares its feedback between them, and `codec.decode` / `route.message` loads on six routes'
  // objects were polymorphic property lookups on every frame (perf: generic LoadIC under `message`).
  const decode = codec.decode.bind(codec);
  const handle = route.message.bind(route);
  const limit = route.rateLimit ?? { perSec: config.rateLimitPerSec, burst: config.rateLimitBurst };
  const framesIn = metrics.framesIn.labels(route.path);
  const framesOut = metrics.framesOut.labels(route.path);
  const decodeErrors = metrics.decodeErrors.labels(route.path);
  const rateLimitHits = metrics.rateLimitHits.labels(route.path);
  const invalidUtf8 = metrics.invalidUtf8.labels(route.path);
  const connections = metrics.connections.labels(route.path);
  const connectionDeps = { bus, relay, limit, framesOut };
  /** Open sockets per member on this route, for MAX_SOCKETS_PER_USER. */
  const socketsOf = new Map<string, number>();
  const admits = (member: string | undefined) => member === undefined || (socketsOf.get(member) ?? 0) < config.maxSocketsPerUser;

  function deliver(conn: GatewayConnection, target: Dispatch) {
    if (target) conn.dispatch(target.address, target.event);
  }

  function failed(conn: GatewayConnection, error: unknown, request: unknown) {
    logger.error({ err: error, path: conn.path }, 'message handling failed');
    conn.sendError('SERVER_ERROR', 'the server could not handle that message; nothing changed', request as Record<string, unknown>);
  }

  app.ws<SocketData>(route.path, {
    compression: uWS.DISABLED,
    // uWS drops frames over maxPayloadLength with no close frame (clients see 1006):
    // accept a few times the limit and close with 1009 ourselves.
    maxPayloadLength: config.maxFrameBytes * 4,
    maxBackpressure: config.maxBackpressureBytes,
    closeOnBackpressureLimit: 1, // a slow reader is closed, never stalls the others
    // MUST be 0 or 8–960: anything else aborts the process.
    idleTimeout: config.idleTimeoutSec === 0 ? 0 : Math.min(960, Math.max(8, config.idleTimeoutSec)),
    sendPingsAutomatically: true,

    upgrade: createUpgrade(route, { ...deps, admits }),

    open(ws) {
      const data = ws.getUserData();
      const conn = createConnection(ws, route, data.identity, connectionDeps);
      data.conn = conn;
      const member = data.identity.member;
      if (member !== undefined) socketsOf.set(member, (socketsOf.get(member) ?? 0) + 1);
      open.add(ws);
      connections.inc();
      try {
        route.open?.(conn);
      } catch (error) {
        logger.error({ err: error, path: route.path }, 'route open hook failed');
      }
    },

    message(ws, message, isBinary) {
      const conn = ws.getUserData().conn!;
      framesIn.inc();
      if (message.byteLength > config.maxFrameBytes) {
        return conn.close(1009, `frame over ${config.maxFrameBytes} bytes`);
      }
      const verdict = admitFrame(conn.rate, Date.now(), limit, config.rateLimitCloseAfter);
      if (verdict !== RateVerdict.admit) {
        rateLimitHits.inc();
        if (verdict === RateVerdict.close) return conn.close(1008, 'rate limit exceeded');
        return conn.sendError(codec.codes.rateLimited, `over ${limit.perSec} messages per second; slow down`);
      }
      if (isBinary) {
        decodeErrors.inc();
        return conn.sendError(codec.codes.validation, 'binary frames are not accepted: send JSON text frames');
      }
      // MUST decode synchronously: uWS empties the ArrayBuffer when this handler returns.
      const decoded = decode(utf8.decode(message));
      if (!decoded.ok) {
        decodeErrors.inc();
        return conn.sendError(codec.codes.validation, decoded.error.message, decoded.error.request);
      }
      let dispatch: Dispatch | Promise<Dispatch>;
      try {
        dispatch = handle(decoded.value, conn);
      } catch (error) {
        return failed(conn, error, decoded.value);
      }
      if (dispatch instanceof Promise) {
        dispatch.then((target) => deliver(conn, target), (error) => failed(conn, error, decoded.value));
      } else deliver(conn, dispatch);
    },

    drain() {},

    close(ws, code, message) {
      // uWS 20.30 validates text frames itself and drops the TCP connection on invalid UTF-8 (no 1007 close
      // frame, no handler call): all we can do is count it, so an operator sees it happen.
      if (code === 1006 && message.byteLength > 0 && utf8.decode(message) === 'Received invalid UTF-8') invalidUtf8.inc();
      const conn = ws.getUserData().conn;
      open.delete(ws);
      connections.dec();
      if (!conn) return;
      const member = conn.identity.member;
      if (member !== undefined) {
        const left = (socketsOf.get(member) ?? 1) - 1;
        if (left > 0) socketsOf.set(member, left);
        else socketsOf.delete(member);
      }
      // MUST mark the connection closed first: send on a closed uWS socket throws.
      conn.release();
      for (const [address, member] of conn.bindings) {
        bus.send(address, { event: { type: SystemEvent.disconnect }, from: { conn: conn.id, member } });
      }
      try {
        route.close?.(conn);
      } catch (error) {
        logger.error({ err: error, path: route.path }, 'route close hook failed');
      }
    },
  });
}
