import type { TemplatedApp, WebSocket, us_listen_socket } from 'uWebSockets.js';
import type { Bus } from '../bus/index.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../runtime/index.js';
import type { SocketData } from './connection.js';
import { errorResponse, mountHttpRoute, writeResponse } from './http.js';
import type { Metrics } from './metrics.js';
import { mountSocketRoute } from './socket-route-mount.js';
import { createTopicRelay } from './topic-relay.js';
import type { HttpRoute, SocketRoute } from './types.js';
import { uWS } from './uws.js';

export interface GatewayOptions {
  bus: Bus;
  config: Config;
  metrics: Metrics;
  logger: Logger;
  sockets: readonly SocketRoute[];
  http: readonly HttpRoute[];
}

/**
 * The uWebSockets.js gateway: socket and REST routes from the session list, mounted on one
 * app, sharing one topic relay; listen, and drain on close. What happens to a frame is in
 * `socket-route-mount.ts`; a socket's state in `connection.ts`; what the runtime tells a
 * socket in `control-protocol.ts`.
 */
export function createGateway(options: GatewayOptions) {
  const { bus, config, metrics, logger } = options;
  const app: TemplatedApp = uWS.App();
  const relay = createTopicRelay(bus, app);
  const open = new Set<WebSocket<SocketData>>();
  let listenSocket: us_listen_socket | undefined;
  let draining = false;

  const socketDeps = { bus, config, metrics, logger, relay, open, draining: () => draining };
  for (const route of options.sockets) mountSocketRoute(app, route, socketDeps);
  for (const route of options.http) mountHttpRoute(app, route, { maxBodyBytes: config.maxBodyBytes, logger });
  app.any('/*', (res, req) => {
    const path = req.getUrl();
    writeResponse(res, errorResponse(404, 'NOT_FOUND', `no route ${req.getCaseSensitiveMethod?.() ?? req.getMethod()} ${path}`));
  });

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
