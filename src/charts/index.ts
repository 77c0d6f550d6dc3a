import type { ChartsConfig } from '../config/charts.js';
import type { HttpRoute, JwtAuth, SocketRoute } from '../gateway/index.js';
import type { ActorHost, Clock } from '../runtime/index.js';
import type { BuiltSession } from '../sessions/build-session.js';
import { createActorViews } from './actor-views.js';
import { createChartCatalog } from './chart-catalog.js';
import { chartRoutes } from './chart-routes.js';
import { createChartSocket } from './chart-socket.js';
import { createChartsAccess } from './charts-access.js';
import { createLiveFeed } from './live-feed.js';
import { machinesOf } from './machine-registry.js';

export { renderChart, type RenderedChart } from './render-chart.js';
export { chartModelOf, type ChartModel, type ChartState, type ChartTransition } from './chart-model.js';
export { registeredMachines, machinesOf, type RegisteredMachine } from './machine-registry.js';
export { createMasker, MASKED } from './mask.js';
export { activeStateIds } from './active-states.js';
export { createChartsAccess, isLoopback, type ChartsAccess } from './charts-access.js';

/**
 * The live state-chart view (docs/charts.md): `/charts` (page), `/charts/api/*` (JSON)
 * and `/charts/ws` (a watched actor's state and events, live). Read-only; it hangs off
 * the actor host's observer, so it sees every session type the server hosts.
 * @example
 * const charts = createChartsView({ host, sessions, clock, config: config.charts, access: { listenHost: config.host, auth, adminUsers: config.adminUsers } });
 * createGateway({ ..., http: [...routes, ...charts.http], sockets: [...sockets, ...charts.sockets] });
 */
export function createChartsView(deps: {
  host: ActorHost;
  sessions: readonly BuiltSession[];
  clock: Clock;
  config: ChartsConfig;
  /** Who may see it (see createChartsAccess): the listen address, the server's JWTs and administrators. */
  access: { listenHost: string; auth: JwtAuth; adminUsers: readonly string[] };
}) {
  const { host, clock, config } = deps;
  const access = createChartsAccess(deps.access);
  const machines = machinesOf(deps.sessions);
  const feed = createLiveFeed({ host, clock, historySize: config.historySize });
  const views = createActorViews({ host, machines, extraMask: config.maskWords, clock });
  const socket = createChartSocket({ host, feed, views, access, pushIntervalMs: config.pushIntervalMs, maxEntries: config.historySize });
  return {
    http: chartRoutes({ catalog: createChartCatalog(machines), views, feed, access }) as readonly HttpRoute[],
    /** The `?token=` of the admin link (undefined on a loopback-only server, where no credential is needed). */
    linkToken: access.linkToken,
    /** Who may see it; the playground admits the same credentials (the printed link included). */
    access,
    sockets: [socket.route] as readonly SocketRoute[],
    close() {
      socket.close();
      feed.close();
    },
  };
}

export type ChartsView = ReturnType<typeof createChartsView>;
