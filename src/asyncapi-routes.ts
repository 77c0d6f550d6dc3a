import type { HttpRoute } from './gateway/index.js';
import { renderAsyncApiDocuments } from './protocol/asyncapi.js';
import type { WireFamily } from './protocol/wire-family.js';

/**
 * `GET /asyncapi/<family>.yaml`: the AsyncAPI 3.0 document of each wire family this server
 * speaks, rendered once from the same codecs as docs/asyncapi/ (a test keeps those equal).
 */
export function asyncApiRoutes(families: readonly WireFamily[]): HttpRoute[] {
  return renderAsyncApiDocuments(families).map(([file, content]) => ({
    method: 'get',
    path: `/asyncapi/${file}`,
    handler: () => ({ status: 200, text: { contentType: 'application/yaml; charset=utf-8', content } }),
  }));
}
