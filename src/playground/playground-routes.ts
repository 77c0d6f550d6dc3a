import { readFileSync } from 'node:fs';
import type * as t from 'io-ts';
import { HttpError, type HttpResponse, type HttpRoute } from '../gateway/index.js';
import { exampleOf } from '../protocol/asyncapi-example.js';
import { schemaOf } from '../protocol/asyncapi-schema.js';
import { codecsByTag, decodeTagged } from '../protocol/decode.js';
import { tagOf } from '../protocol/describe.js';
import type { WireFamily } from '../protocol/wire-family.js';

/** Let a request to the playground through, or throw HttpError 401/403 (an administrator is needed beyond loopback). */
export type PlaygroundAccess = (request: { headers: Record<string, string>; query: URLSearchParams }) => void;

/** The page, its script and its style, served as they are: no build step, no CDN. */
const ASSETS = {
  '/playground': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/playground/app.js': { file: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  '/playground/app.css': { file: 'app.css', contentType: 'text/css; charset=utf-8' },
} as const;

const noStore = { 'cache-control': 'no-store' };
/** Frames one validation call may check (the page batches its log). */
const MAX_FRAMES = 200;

/** What the page needs to build a form per client message and to name the routes. */
function describeFamily(family: WireFamily) {
  const tag = family.tag ?? 'type';
  const message = (codec: t.Mixed) => ({ name: tagOf(codec, tag) ?? codec.name, schema: schemaOf(codec), example: exampleOf(codec) ?? null });
  return {
    name: family.name,
    title: family.title,
    seed: family.seed,
    tag,
    routes: family.routes.map((route) => {
      const [path, query = ''] = route.split('?');
      return { route, path, query: query ? query.split('&').map((pair) => pair.split('=')[0]) : [] };
    }),
    client: family.client.map(message),
    server: family.server.map((codec) => tagOf(codec, tag) ?? codec.name),
  };
}

/**
 * The playground (`/playground`): pick a route, get a token where it needs one, connect,
 * send any client message from a form built from its codec, and see every event checked
 * by the server's own codecs (`POST /playground/api/validate`), as the SDK checks them.
 */
export function playgroundRoutes(families: readonly WireFamily[], access: PlaygroundAccess = () => {}): HttpRoute[] {
  const catalog = { families: families.map(describeFamily) };
  const codecs = new Map(
    families.map((family) => [
      family.name,
      { client: codecsByTag([...family.client], family.tag ?? 'type'), server: codecsByTag([...family.server], family.tag ?? 'type'), tag: family.tag ?? 'type' },
    ]),
  );
  const assets: HttpRoute[] = Object.entries(ASSETS).map(([path, asset]) => {
    const content = readFileSync(new URL(`./page/${asset.file}`, import.meta.url), 'utf8');
    return { method: 'get', path, handler: (): HttpResponse => ({ status: 200, headers: noStore, text: { contentType: asset.contentType, content } }) };
  });
  // The script and style carry no data: a page opened with ?token= loads them without one.
  const guarded = (route: HttpRoute): HttpRoute => {
    if (route.path.endsWith('.js') || route.path.endsWith('.css')) return route;
    return {
      ...route,
      handler: (request) => {
        access(request);
        return route.handler(request);
      },
    };
  };
  const routes: HttpRoute[] = [
    ...assets,
    { method: 'get', path: '/playground/api/families', handler: () => ({ status: 200, headers: noStore, body: catalog }) },
    {
      method: 'post',
      path: '/playground/api/validate',
      handler: ({ body }) => {
        const { family, direction, frames } = (body ?? {}) as { family?: unknown; direction?: unknown; frames?: unknown };
        const known = typeof family === 'string' ? codecs.get(family) : undefined;
        if (!known) throw new HttpError(400, 'VALIDATION_ERROR', 'family: expected the name of a wire family');
        if (direction !== 'client' && direction !== 'server') throw new HttpError(400, 'VALIDATION_ERROR', 'direction: expected "client" or "server"');
        if (!Array.isArray(frames) || frames.length > MAX_FRAMES) throw new HttpError(400, 'VALIDATION_ERROR', `frames: expected an array of at most ${MAX_FRAMES}`);
        const byTag = direction === 'client' ? known.client : known.server;
        const results = frames.map((frame) => {
          if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return { ok: false, message: 'not a JSON object' };
          const decoded = decodeTagged(frame as Record<string, unknown>, byTag, { tag: known.tag });
          return decoded.ok ? { ok: true } : { ok: false, message: decoded.error.message };
        });
        return { status: 200, headers: noStore, body: { results } };
      },
    },
  ];
  return routes.map(guarded);
}
