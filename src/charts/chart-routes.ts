import { readFileSync } from 'node:fs';
import { HttpError, type HttpResponse, type HttpRoute } from '../gateway/index.js';
import type { ActorViews } from './actor-views.js';
import type { ChartsAccess } from './charts-access.js';
import type { ChartCatalog } from './chart-catalog.js';
import type { LiveFeed } from './live-feed.js';

/** The page and its script and style, served as they are: no build step, no CDN. */
const ASSETS = {
  '/charts': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/charts/app.js': { file: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  '/charts/app.css': { file: 'app.css', contentType: 'text/css; charset=utf-8' },
} as const;

const noStore = { 'cache-control': 'no-store' };

/**
 * REST of the live chart view (all GET, all read-only):
 * - `/charts`, `/charts/app.js`, `/charts/app.css`: the page;
 * - `/charts/api/types`: every machine with its SVG;
 * - `/charts/api/actors?kind=`: live actors (of one kind, or all);
 * - `/charts/api/actor?address=`: one actor's state (context masked) and last events.
 *
 * The page and the API go through `access` (an admin credential beyond loopback); the
 * script and the style are the same for everyone and carry no data, so a page opened
 * with `?token=` can load them.
 */
export function chartRoutes(deps: { catalog: ChartCatalog; views: ActorViews; feed: LiveFeed; access: ChartsAccess }): HttpRoute[] {
  const { catalog, views, feed, access } = deps;
  const guarded = (route: HttpRoute): HttpRoute => ({
    ...route,
    handler(request) {
      access.check(request);
      return route.handler(request);
    },
  });
  const assets: HttpRoute[] = Object.entries(ASSETS).map(([path, asset]) => {
    const content = readFileSync(new URL(`./page/${asset.file}`, import.meta.url), 'utf8');
    const route: HttpRoute = {
      method: 'get',
      path,
      handler: (): HttpResponse => ({ status: 200, headers: noStore, text: { contentType: asset.contentType, content } }),
    };
    return path === '/charts' ? guarded(route) : route;
  });

  const knownKind = (kind: string | null) => {
    if (kind === null || kind === '') return undefined;
    if (!views.knows(kind)) throw new HttpError(404, 'NOT_FOUND', `no actor kind "${kind.slice(0, 64)}"`);
    return kind;
  };

  const api: HttpRoute[] = [
    {
      method: 'get',
      path: '/charts/api/types',
      handler: async () => ({ status: 200, headers: noStore, body: { types: await catalog.types() } }),
    },
    {
      method: 'get',
      path: '/charts/api/actors',
      handler: ({ query }) => {
        const kind = knownKind(query.get('kind'));
        return { status: 200, headers: noStore, body: { kind: kind ?? null, actors: views.list(kind) } };
      },
    },
    {
      method: 'get',
      path: '/charts/api/actor',
      handler: ({ query }) => {
        const address = query.get('address') ?? '';
        if (!views.kindOf(address)) throw new HttpError(400, 'VALIDATION_ERROR', 'address: expected "<kind>/<id>"');
        knownKind(views.kindOf(address));
        const summary = views.summaryOf(address);
        const state = views.stateOf(address);
        if (!summary || !state) throw new HttpError(404, 'NOT_FOUND', `no live actor at ${address.slice(0, 300)}`);
        return {
          status: 200,
          headers: noStore,
          body: { actor: { ...summary, ...state }, events: views.entries(address, feed.history(address)) },
        };
      },
    },
  ];
  return [...assets, ...api.map(guarded)];
}
