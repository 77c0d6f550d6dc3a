import type { HttpRequest, HttpResponse, us_socket_context_t } from 'uWebSockets.js';
import type { Logger } from '../runtime/index.js';
import type { SocketData } from './connection.js';
import { errorResponse, readHeaders, writeResponse } from './http.js';
import { HttpError, type Identity, type SocketRoute } from './types.js';

export interface UpgradeDeps {
  logger: Logger;
  /** True once the gateway is shutting down: new sockets are refused with 503. */
  draining(): boolean;
  /** Whether `member` may open one more socket on this route (MAX_SOCKETS_PER_USER). */
  admits(member: string | undefined): boolean;
}

/**
 * The uWS `upgrade` handler of one socket route: refuse while draining, run the route's
 * authenticator on what the request carries, and upgrade with the identity it returns
 * (or answer its HttpError, 401 for anything else it throws).
 */
export function createUpgrade(route: SocketRoute, deps: UpgradeDeps) {
  const { logger } = deps;
  return function upgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t) {
    if (deps.draining()) return void writeResponse(res, errorResponse(503, 'SHUTTING_DOWN', 'server is shutting down'));
    // MUST read everything from req before any await.
    const url = req.getUrl();
    const query = new URLSearchParams(req.getQuery() ?? '');
    const headers = readHeaders(req);
    const key = req.getHeader('sec-websocket-key');
    const protocol = req.getHeader('sec-websocket-protocol');
    const extensions = req.getHeader('sec-websocket-extensions');
    const upgradeWith = (identity: Identity) => {
      if (!deps.admits(identity.member)) {
        return writeResponse(res, errorResponse(429, 'TOO_MANY_SOCKETS', 'too many open sockets for this user on this route; close one first'));
      }
      res.cork(() => res.upgrade<SocketData>({ identity }, key, protocol, extensions, context));
    };
    if (!route.authenticate) return void upgradeWith({});
    // Prefer synchronous authenticators: upgrading inside this callback is reliable;
    // an upgrade deferred to a later tick is occasionally dropped after the 101 (uWS 20.30).
    let identityNow: Identity | Promise<Identity>;
    try {
      identityNow = route.authenticate({ url, query, headers });
    } catch (error) {
      identityNow = Promise.reject(error);
    }
    if (!(identityNow instanceof Promise)) return void upgradeWith(identityNow);
    let aborted = false;
    // MUST attach onAborted before the await: writing to an aborted response aborts the process.
    res.onAborted(() => (aborted = true));
    Promise.resolve()
      .then(() => identityNow)
      .then(
        (identity) => !aborted && upgradeWith(identity),
        (error) => {
          if (aborted) return;
          const http = error instanceof HttpError ? error : new HttpError(401, 'UNAUTHORIZED', 'authentication failed');
          if (!(error instanceof HttpError)) logger.error({ err: error, path: route.path }, 'authenticator failed');
          writeResponse(res, errorResponse(http.status, http.code, http.message));
        },
      );
  };
}
