import type { ChartsConfig } from '../config/charts.js';
import type { HttpRoute, SocketRoute } from '../gateway/index.js';
import type { ActorHost, Clock } from '../runtime/index.js';
import type { BuiltSession } from '../sessions/build-session.js';
import { createActorViews } from './actor-views.js';
import { createChartCatalog } from './chart-catalog.js';
import { chartRoutes } from './chart-routes.js';
import { createChartSocket } from './chart-socket.js';
import { createLiveFeed } from './live-feed.js';
import { machinesOf } from './machine-registry.js';

export { renderChart, type RenderedChart } from './render-chart.js';
export { chartModelOf, type ChartModel, type ChartState, type ChartTransition } from './chart-model.js';
export { registeredMachines, machinesOf, type RegisteredMachine } from './machine-registry.js';
export { createMasker, MASKED } from './mask.js';
export { activeStateIds } from './active-states.js';

/**
 * The live state-chart view (docs/charts.md): `/charts` (page), `/charts/api/*` (JSON)
 * and `/charts/ws` (a watched actor's state and events, live). Read-only; it hangs off
 * the actor host's observer, so it sees every session type the server hosts.
 * @example
 * const charts = createChartsView({ host, sessions, clock, config: config.charts });
 * createGateway({ ..., http: [...routes, ...charts.http], sockets: [...sockets, ...charts.sockets] });
 */
export function createChartsView(deps: { host: ActorHost; sessions: readonly BuiltSession[]; clock: Clock; config: ChartsConfig }) {
  const { host, clock, config } = deps;
  const machines = machinesOf(deps.sessions);
  const feed = createLiveFeed({ host, clock, historySize: config.historySize });
  const views = createActorViews({ host, machines, extraMask: config.maskWords, clock });
  const socket = createChartSocket({ host, feed, views, pushIntervalMs: config.pushIntervalMs, maxEntries: config.historySize });
  return {
    http: chartRoutes({ catalog: createChartCatalog(machines), views, feed }) as readonly HttpRoute[],
    sockets: [socket.route] as readonly SocketRoute[],
    close() {
      socket.close();
      feed.close();
    },
  };
}

export type ChartsView = ReturnType<typeof createChartsView>;
