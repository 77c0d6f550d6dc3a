import type { HttpRoute } from './gateway/index.js';
import { playgroundRoutes, type PlaygroundAccess } from './playground/playground-routes.js';
import { renderAsyncApiDocuments } from './protocol/asyncapi.js';
import type { WireFamily } from './protocol/wire-family.js';

/**
 * What the server says about its own wire, from the codecs:
 * - `GET /asyncapi/<family>.yaml`: each family's AsyncAPI 3.0 document, rendered once from
 *   the same codecs as docs/asyncapi/ (a test keeps those equal);
 * - `/playground` (unless `playground: false`, i.e. in production): the browser playground.
 */
export function protocolRoutes(
  families: readonly WireFamily[],
  { playground, playgroundAccess }: { playground: boolean; playgroundAccess?: PlaygroundAccess },
): HttpRoute[] {
  const documents: HttpRoute[] = renderAsyncApiDocuments(families).map(([file, content]) => ({
    method: 'get',
    path: `/asyncapi/${file}`,
    handler: () => ({ status: 200, text: { contentType: 'application/yaml; charset=utf-8', content } }),
  }));
  return [...documents, ...(playground ? playgroundRoutes(families, playgroundAccess) : [])];
}
