import { nanoid } from 'nanoid';
import type { TemplatedApp, WebSocket, us_listen_socket } from 'uWebSockets.js';
import type { Bus, BusEvent, Unsubscribe } from '../bus/index.js';
import type { Config } from '../config/index.js';
import { connTopic } from '../contract/index.js';
import { type Logger } from '../runtime/index.js';
import { errorResponse, mountHttpRoute, readHeaders, writeResponse } from './http.js';
import type { Metrics } from './metrics.js';
import { takeToken, type TokenBucket } from './rate-limiter.js';
import { HttpError, type Connection, type Dispatch, type HttpRoute, type Identity, type SocketRoute } from './types.js';
import { uWS } from './uws.js';

export interface GatewayOptions {
  bus: Bus;
  config: Config;
  metrics: Metrics;
  logger: Logger;
  sockets: readonly SocketRoute[];
  http: readonly HttpRoute[];
}

interface SocketData {
  identity: Identity;
  conn?: GatewayConnection;
}

/** Frames to text (invalid UTF-8 becomes U+FFFD, as with Buffer#toString; half the cost per frame). */
const utf8 = new TextDecoder();

/** Topics this gateway listens to on the bus, each relayed to its uWS subscribers with one publish. */
interface TopicRelay {
  sockets: number;
  unsubscribe: Unsubscribe;
}

interface GatewayConnection extends Connection {
  bucket: TokenBucket;
  violations: { windowStart: number; count: number };
  topics: Set<string>;
  release(): void;
}

/**
 * The uWebSockets.js gateway: routes and REST from the session list, upgrade-time
 * auth, frame → codec → bus, bus topic → uWS publish, backpressure, size and rate limits.
 */
export function createGateway(options: GatewayOptions) {
  const { bus, config, metrics, logger } = options;
  const app: TemplatedApp = uWS.App();
  const relays = new Map<string, TopicRelay>();
  const open = new Set<WebSocket<SocketData>>();
  let listenSocket: us_listen_socket | undefined;
  let draining = false;

  for (const route of options.sockets) mountSocketRoute(route);
  for (const route of options.http) mountHttpRoute(app, route, { maxBodyBytes: config.maxBodyBytes, logger });
  app.any('/*', (res, req) => {
    const path = req.getUrl();
    writeResponse(res, errorResponse(404, 'NOT_FOUND', `no route ${req.getCaseSensitiveMethod?.() ?? req.getMethod()} ${path}`));
  });

  function relayTopic(topic: string, route: SocketRoute) {
    const relay = relays.get(topic);
    if (relay) return void relay.sockets++;
    const framesOut = metrics.framesOut.labels(route.path);
    const unsubscribe = bus.subscribe(topic, (event) => {
      app.publish(topic, route.codec.encode(event), false);
      framesOut.inc();
    });
    relays.set(topic, { sockets: 1, unsubscribe });
  }

  function releaseTopic(topic: string) {
    const relay = relays.get(topic);
    if (!relay || --relay.sockets > 0) return;
    relay.unsubscribe();
    relays.delete(topic);
  }

  function mountSocketRoute(route: SocketRoute) {
    const { codec } = route;
    const limit = route.rateLimit ?? { perSec: config.rateLimitPerSec, burst: config.rateLimitBurst };
    const framesIn = metrics.framesIn.labels(route.path);
    const framesOut = metrics.framesOut.labels(route.path);
    const decodeErrors = metrics.decodeErrors.labels(route.path);
    const rateLimitHits = metrics.rateLimitHits.labels(route.path);
    const connections = metrics.connections.labels(route.path);

    app.ws<SocketData>(route.path, {
      compression: uWS.DISABLED,
      // uWS drops frames over maxPayloadLength with no close frame (clients see 1006):
      // accept a few times the limit and close with 1009 ourselves.
      maxPayloadLength: config.maxFrameBytes * 4,
      maxBackpressure: config.maxBackpressureBytes,
      closeOnBackpressureLimit: 1, // a slow reader is closed, never stalls the others
      idleTimeout: config.idleTimeoutSec === 0 ? 0 : Math.min(960, Math.max(8, config.idleTimeoutSec)),
      sendPingsAutomatically: true,

      upgrade(res, req, context) {
        if (draining) return void writeResponse(res, errorResponse(503, 'SHUTTING_DOWN', 'server is shutting down'));
        // MUST read everything from req before any await.
        const url = req.getUrl();
        const query = new URLSearchParams(req.getQuery() ?? '');
        const headers = readHeaders(req);
        const key = req.getHeader('sec-websocket-key');
        const protocol = req.getHeader('sec-websocket-protocol');
        const extensions = req.getHeader('sec-websocket-extensions');
        const upgrade = (identity: Identity) =>
          res.cork(() => res.upgrade<SocketData>({ identity }, key, protocol, extensions, context));
        if (!route.authenticate) return void upgrade({});
        // Prefer synchronous authenticators: upgrading inside this callback is reliable;
        // an upgrade deferred to a later tick is occasionally dropped after the 101 (uWS 20.30).
        let identityNow: Identity | Promise<Identity>;
        try {
          identityNow = route.authenticate({ url, query, headers });
        } catch (error) {
          identityNow = Promise.reject(error);
        }
        if (!(identityNow instanceof Promise)) return void upgrade(identityNow);
        let aborted = false;
        res.onAborted(() => (aborted = true));
        Promise.resolve()
          .then(() => identityNow)
          .then(
            (identity) => !aborted && upgrade(identity),
            (error) => {
              if (aborted) return;
              const http = error instanceof HttpError ? error : new HttpError(401, 'UNAUTHORIZED', 'authentication failed');
              if (!(error instanceof HttpError)) logger.error({ err: error, path: route.path }, 'authenticator failed');
              writeResponse(res, errorResponse(http.status, http.code, http.message));
            },
          );
      },

      open(ws) {
        const data = ws.getUserData();
        const conn = createConnection(ws, route, data.identity);
        data.conn = conn;
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
        const now = Date.now();
        if (!takeToken(conn.bucket, now, limit.perSec, limit.burst)) {
          rateLimitHits.inc();
          const window = conn.violations;
          if (now - window.windowStart > 1000) {
            window.windowStart = now;
            window.count = 0;
          }
          if (++window.count > config.rateLimitCloseAfter) return conn.close(1008, 'rate limit exceeded');
          return conn.sendError(codec.codes.rateLimited, `over ${limit.perSec} messages per second; slow down`);
        }
        if (isBinary) {
          decodeErrors.inc();
          return conn.sendError(codec.codes.validation, 'binary frames are not accepted: send JSON text frames');
        }
        // MUST decode synchronously: uWS empties the ArrayBuffer when this handler returns.
        const decoded = codec.decode(utf8.decode(message));
        if (!decoded.ok) {
          decodeErrors.inc();
          return conn.sendError(codec.codes.validation, decoded.error.message, decoded.error.request);
        }
        let dispatch: Dispatch | Promise<Dispatch>;
        try {
          dispatch = route.message(decoded.value, conn);
        } catch (error) {
          return failed(conn, error, decoded.value);
        }
        if (dispatch instanceof Promise) {
          dispatch.then((target) => deliver(conn, target), (error) => failed(conn, error, decoded.value));
        } else deliver(conn, dispatch);
      },

      drain() {},

      close(ws) {
        const conn = ws.getUserData().conn;
        open.delete(ws);
        connections.dec();
        if (!conn) return;
        conn.release();
        for (const [address, member] of conn.bindings) {
          try {
            bus.send(address, { event: { type: '$disconnect' }, from: { conn: conn.id, member } });
          } catch (error) {
            logger.warn({ err: error, address }, 'could not tell an actor about a disconnect');
          }
        }
        try {
          route.close?.(conn);
        } catch (error) {
          logger.error({ err: error, path: route.path }, 'route close hook failed');
        }
      },
    });

    function createConnection(ws: WebSocket<SocketData>, route: SocketRoute, identity: Identity): GatewayConnection {
      const id = nanoid();
      const bindings = new Map<string, string>();
      const topics = new Set<string>();
      let closed = false;
      let expiry: NodeJS.Timeout | undefined;

      const conn: GatewayConnection = {
        id,
        path: route.path,
        identity,
        bindings,
        data: {},
        topics,
        bucket: { tokens: limit.burst, last: Date.now() },
        violations: { windowStart: 0, count: 0 },
        get closed() {
          return closed;
        },
        send(event: BusEvent) {
          if (closed) return;
          ws.send(codec.encode(event), false);
          framesOut.inc();
        },
        sendError(code, message, request) {
          if (closed) return;
          ws.send(codec.error(code, message, request), false);
          framesOut.inc();
        },
        subscribe(topic) {
          if (closed || topics.has(topic)) return;
          topics.add(topic);
          ws.subscribe(topic);
          relayTopic(topic, route);
        },
        unsubscribe(topic) {
          if (closed || !topics.delete(topic)) return;
          ws.unsubscribe(topic);
          releaseTopic(topic);
        },
        unbind(address) {
          bindings.delete(address);
        },
        close(code, reason) {
          if (closed) return;
          ws.end(code, reason);
        },
        release() {
          closed = true;
          if (expiry) clearTimeout(expiry);
          unsubscribeConn();
          for (const topic of topics) releaseTopic(topic);
          topics.clear();
        },
      };

      const unsubscribeConn = bus.subscribe(connTopic(id), (event) => handleControl(conn, event));
      if (identity.expiresAt !== undefined) {
        const onExpiry = () => (route.expired ? route.expired(conn) : conn.close(1008, 'credential expired'));
        // setTimeout holds at most ~24.8 days; a longer-lived token is re-checked then.
        const arm = () => {
          const left = identity.expiresAt! - Date.now();
          expiry = left > 0x7fffffff ? setTimeout(arm, 0x7fffffff) : setTimeout(onExpiry, Math.max(0, left));
        };
        arm();
      }
      return conn;
    }
  }

  /** Events on a connection's own topic: gateway instructions from the runtime, or frames for this socket. */
  function handleControl(conn: GatewayConnection, event: BusEvent) {
    switch (event.type) {
      case '$bind': {
        (conn.bindings as Map<string, string>).set(String(event.address), String(event.member));
        for (const topic of event.topics as string[]) conn.subscribe(topic);
        return;
      }
      case '$unbind': {
        (conn.bindings as Map<string, string>).delete(String(event.address));
        for (const topic of event.topics as string[]) conn.unsubscribe(topic);
        return;
      }
      case '$close':
        return conn.close(Number(event.code), String(event.reason ?? ''));
      case '$error':
        return conn.sendError(String(event.code), String(event.message), event.request as Record<string, unknown> | undefined);
      default:
        return conn.send(event);
    }
  }

  function deliver(conn: GatewayConnection, target: Dispatch) {
    if (!target || conn.closed) return;
    const member = conn.bindings.get(target.address) ?? conn.identity.member;
    try {
      bus.send(target.address, { event: target.event, from: { conn: conn.id, member }, replyTo: connTopic(conn.id) });
    } catch (error) {
      failed(conn, error, target.event);
    }
  }

  function failed(conn: GatewayConnection, error: unknown, request: unknown) {
    logger.error({ err: error, path: conn.path }, 'message handling failed');
    conn.sendError('SERVER_ERROR', 'the server could not handle that message; nothing changed', request as Record<string, unknown>);
  }

  return {
    app,
    listen(host: string, port: number): Promise<number> {
      return new Promise((resolve, reject) => {
        app.listen(host, port, (socket) => {
          if (!socket) return reject(new Error(`could not listen on ${host}:${port}`));
          listenSocket = socket;
          resolve(uWS.us_socket_local_port(socket));
        });
      });
    },
    connectionCount: () => open.size,
    /** Stop accepting, then close every socket with 1001 (going away). */
    close() {
      draining = true;
      if (listenSocket) uWS.us_listen_socket_close(listenSocket);
      listenSocket = undefined;
      for (const ws of [...open]) {
        try {
          ws.end(1001, 'server shutting down');
        } catch {
          // already closed
        }
      }
    },
  };
}

export type Gateway = ReturnType<typeof createGateway>;
