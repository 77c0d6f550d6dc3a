import pino from 'pino';
import { createBus, createInProcessTransport, type Bus } from './bus/index.js';
import { createChartsView } from './charts/index.js';
import { loadConfig, resolveJwtSecret, type Config } from './config/index.js';
import {
  assertNativeUws,
  createGateway,
  createJwtAuth,
  createMetrics,
  errorResponse,
  HttpError,
  type HttpRoute,
} from './gateway/index.js';
import { createActorHost, systemClock, type Clock, type Logger } from './runtime/index.js';
import { buildSession, type BuiltSession } from './sessions/build-session.js';
import type { SessionType } from './sessions/define-session.js';
import { sessionTypes } from './sessions/index.js';
import { catalogOf } from './sessions/session-catalog.js';
import { createSqliteStore, type Store } from './store/index.js';

export interface ServerOptions {
  config?: Config;
  store?: Store;
  bus?: Bus;
  clock?: Clock;
  logger?: Logger;
  /** The session types to serve (default: every one, `sessionTypes`). */
  sessions?: readonly SessionType[];
}

/**
 * Build the whole server: store, bus, actor host, every session type and the gateway.
 * @example
 * const server = await createServer({ config: loadConfig({ PORT: '0' }) });
 * const port = await server.listen();
 */
export async function createServer(options: ServerOptions = {}) {
  assertNativeUws();
  const config = options.config ?? loadConfig();
  const sessionList = options.sessions ?? sessionTypes;
  // Reads every session type's settings once before anything is built: a malformed variable fails here.
  catalogOf(sessionList);
  for (const session of sessionList) session.config?.load(config.env);
  const logger: Logger = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const store =
    options.store ?? (await createSqliteStore(config.dataDir, { secret: config.storeSecret || undefined, production: config.production, sync: config.storeSync }));
  const bus =
    options.bus ?? createBus(createInProcessTransport({ onError: (error, where) => logger.error({ err: error }, `bus: ${where} failed`) }));
  const auth = createJwtAuth(resolveJwtSecret(config));
  let host: ReturnType<typeof createActorHost> | undefined;
  const metrics = createMetrics(() => host?.countByKind() ?? {});
  const deps = { bus, store, config, clock, logger, auth, metrics };

  const sessions: BuiltSession[] = [];
  for (const session of sessionList) sessions.push(await buildSession(session, deps));

  host = createActorHost({
    bus,
    store,
    clock,
    logger,
    kinds: sessions.flatMap((s) => s.actors),
    passivateAfterMs: config.passivateAfterMs,
    snapshotEveryMs: config.snapshotEveryMs,
  });

  // The live state-chart view (/charts): read-only, off by default in production (CHARTS).
  const charts = config.charts.enabled ? createChartsView({ host, sessions, clock, config: config.charts }) : undefined;

  const startedAt = Date.now();
  let accepting = true;
  const coreRoutes: HttpRoute[] = [
    {
      method: 'get',
      path: '/healthz',
      handler: () =>
        accepting
          ? {
              status: 200,
              body: {
                status: 'ok',
                uptime_s: Math.round((Date.now() - startedAt) / 1000),
                connections: gateway.connectionCount(),
                actors: host!.countByKind(),
                sessions: sessions.map((s) => s.name),
              },
            }
          : errorResponse(503, 'SHUTTING_DOWN', 'server is shutting down'),
    },
    {
      method: 'get',
      path: '/metrics',
      handler: async () => ({
        status: 200,
        text: { contentType: metrics.registry.contentType, content: await metrics.registry.metrics() },
      }),
    },
    {
      method: 'post',
      path: '/api/auth/token',
      async handler({ body }) {
        if (config.production) throw new HttpError(404, 'NOT_FOUND', 'token minting is off in production');
        const { user_id, name } = (body ?? {}) as { user_id?: unknown; name?: unknown };
        if (typeof user_id !== 'string' || user_id.length === 0 || user_id.length > 128) {
          throw new HttpError(400, 'VALIDATION_ERROR', 'user_id: expected a string of 1..128 characters');
        }
        if (name !== undefined && (typeof name !== 'string' || name.length > 64)) {
          throw new HttpError(400, 'VALIDATION_ERROR', 'name: expected a string of at most 64 characters');
        }
        return { status: 201, body: auth.mint(user_id, config.devTokenTtlSec, name as string | undefined) };
      },
    },
  ];

  const gateway = createGateway({
    bus,
    config,
    metrics,
    logger,
    sockets: [...sessions.flatMap((s) => s.sockets), ...(charts?.sockets ?? [])],
    http: [...coreRoutes, ...sessions.flatMap((s) => s.http ?? []), ...(charts?.http ?? [])],
  });

  let port = 0;
  return {
    config,
    bus,
    store,
    auth,
    host,
    metrics,
    get port() {
      return port;
    },
    async listen(): Promise<number> {
      port = await gateway.listen(config.host, config.port);
      for (const session of sessions) await session.start?.();
      return port;
    },
    /** Graceful shutdown: stop accepting, close sockets with 1001, flush actors, close the store. */
    async close(): Promise<void> {
      accepting = false;
      gateway.close();
      for (const session of sessions) await session.stop?.();
      charts?.close();
      await host!.close();
      await bus.close();
      if (!options.store) await store.close();
    },
  };
}

export type Server = Awaited<ReturnType<typeof createServer>>;
