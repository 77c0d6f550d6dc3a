import { timingSafeEqual } from 'node:crypto';
import pino from 'pino';
import { createBus, createInProcessTransport, type Bus } from './bus/index.js';
import { createChartsView } from './charts/index.js';
import { assertClusterConfig } from './cluster/cluster-config.js';
import { startClusterNode, type ClusterNode } from './cluster/cluster-node.js';
import { loadConfig, resolveJwtSecret, type Config } from './config/index.js';
import { libraryConfig } from './config/library.js';
import {
  assertNativeUws,
  bearerToken,
  createAdminCheck,
  createGateway,
  createJwtAuth,
  createMetrics,
  errorResponse,
  HttpError,
  isLoopback,
  type HttpRoute,
} from './gateway/index.js';
import { createActorHost, systemClock, type Clock, type Logger } from './runtime/index.js';
import { buildSession, type BuiltSession } from './sessions/build-session.js';
import type { SessionType } from './sessions/define-session.js';
import { sessionTypes } from './sessions/index.js';
import { catalogOf } from './sessions/session-catalog.js';
import { protocolRoutes } from './protocol-routes.js';
import { openStore, type Store } from './store/index.js';

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
  // Cluster mode (NATS_URL): the bus is NATS, actors are owned by leases; refuses to start on a config that would split the cluster.
  if (config.nats.enabled && !options.bus) assertClusterConfig(config);
  const cluster: ClusterNode | undefined =
    config.nats.enabled && !options.bus
      ? await startClusterNode({ ...config.nats, leaseMs: config.cluster.leaseMs, leaseRenewMs: config.cluster.leaseRenewMs, logger })
      : undefined;
  const store =
    options.store ??
    (await openStore({
      ...config,
      storeSecret: config.storeSecret || undefined,
      onIdleError: (error) => logger.warn({ err: error }, 'store: a pooled database connection broke; it is replaced on next use'),
    }));
  const bus =
    options.bus ??
    createBus(cluster?.transport ?? createInProcessTransport({ onError: (error, where) => logger.error({ err: error }, `bus: ${where} failed`) }));
  const auth = createJwtAuth(resolveJwtSecret(config));
  let host: ReturnType<typeof createActorHost> | undefined;
  const metrics = createMetrics(() => host?.countByKind() ?? {});
  const liveActors = (kind: string) => host?.countOf(kind) ?? 0;
  const deps = { bus, store, config, clock, logger, auth, metrics, liveActors };

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
    ...cluster?.hostOptions,
  });
  cluster?.attach(host);

  // The live state-chart view (/charts): read-only, off by default in production (CHARTS),
  // for administrators only when the server listens beyond loopback.
  const charts = config.charts.enabled
    ? createChartsView({ host, sessions, clock, config: config.charts, access: { listenHost: config.host, auth, adminUsers: config.adminUsers } })
    : undefined;

  // The playground is for whoever may see the charts: anyone on loopback, else an administrator (JWT or the printed link).
  const adminOnly = createAdminCheck({ auth, adminUsers: config.adminUsers });
  const playgroundAccess = charts
    ? (request: { headers: Record<string, string>; query: URLSearchParams }) => charts.access.check(request)
    : isLoopback(config.host)
      ? undefined
      : (request: { headers: Record<string, string>; query: URLSearchParams }) => adminOnly(request, 'the playground');

  // Who gets no token from development minting: every administrator, the server's and the library's.
  const adminIds = new Set([...config.adminUsers, ...libraryConfig.load(config.env).adminUsers]);
  const metricsToken = config.metricsToken === '' ? undefined : Buffer.from(config.metricsToken);
  const metricsAllowed = (headers: Record<string, string>) => {
    if (!metricsToken) return true;
    const given = Buffer.from(bearerToken(headers) ?? '');
    return given.length === metricsToken.length && timingSafeEqual(given, metricsToken);
  };

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
                ...(cluster && { cluster: cluster.health() }),
              },
            }
          : errorResponse(503, 'SHUTTING_DOWN', 'server is shutting down'),
    },
    {
      method: 'get',
      path: '/metrics',
      // Open by Prometheus convention; METRICS_TOKEN, when set, is the scraper's bearer token.
      handler: async ({ headers }) => {
        if (!metricsAllowed(headers)) throw new HttpError(401, 'UNAUTHORIZED', 'metrics: expected Authorization: Bearer <METRICS_TOKEN>');
        return { status: 200, text: { contentType: metrics.registry.contentType, content: await metrics.registry.metrics() } };
      },
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
        if (adminIds.has(user_id)) {
          throw new HttpError(403, 'PERMISSION_DENIED', `"${user_id}" is an administrator: admin tokens come only from JWT_SECRET holders (sign one with the server's JWT_SECRET)`);
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
    http: [...coreRoutes, ...sessions.flatMap((s) => s.http ?? []), ...(charts?.http ?? []), ...protocolRoutes(catalogOf(sessionList).wireFamilies, { playground: !config.production, playgroundAccess })],
  });

  let port = 0;
  // A link for the operator: beyond loopback it carries this process's admin token.
  const adminLink = (path: string) => {
    const shown = config.host.includes(':') ? `[${config.host}]` : config.host;
    return `http://${shown}:${port}${path}${charts?.linkToken ? `?token=${charts.linkToken}` : ''}`;
  };

  return {
    config,
    bus,
    store,
    auth,
    host,
    metrics,
    cluster,
    get port() {
      return port;
    },
    /**
     * The `/charts` link to print at start (undefined when the view is off): on a server
     * listening beyond loopback it carries this process's admin token.
     */
    get chartsUrl(): string | undefined {
      return charts ? adminLink('/charts') : undefined;
    },
    /** The `/playground` link to print at start, with the charts link's credential (undefined where it would not open). */
    get playgroundUrl(): string | undefined {
      return config.production || (!charts && !isLoopback(config.host)) ? undefined : adminLink('/playground');
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
      // Hand-off: what arrives for this node's actors now waits, until their snapshots are written and leases released.
      cluster?.leave();
      for (const session of sessions) await session.stop?.();
      charts?.close();
      await host!.close();
      if (cluster) await cluster.close();
      else await bus.close();
      if (!options.store) await store.close();
    },
  };
}

export type Server = Awaited<ReturnType<typeof createServer>>;
