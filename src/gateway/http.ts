import type { HttpRequest as UwsRequest, HttpResponse as UwsResponse } from 'uWebSockets.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { BusTimeoutError } from '../bus/index.js';
import { describeErrors } from '../protocol/decode.js';
import type { Logger } from '../runtime/index.js';
import { StoreUnavailableError } from '../store/store-unavailable-error.js';
import { HttpError, type HttpRequest, type HttpResponse, type HttpRoute } from './types.js';
import { statusLine } from './uws.js';

export function readHeaders(req: UwsRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  req.forEach((key, value) => (headers[key] = value));
  return headers;
}

/** Write a response; MUST only be called while the request is not aborted. */
export function writeResponse(res: UwsResponse, response: HttpResponse) {
  res.cork(() => {
    res.writeStatus(statusLine(response.status));
    for (const [name, value] of Object.entries(response.headers ?? {})) res.writeHeader(name, value);
    if (response.text) {
      res.writeHeader('content-type', response.text.contentType);
      res.end(response.text.content);
    } else if (response.body === undefined) {
      res.end();
    } else {
      res.writeHeader('content-type', 'application/json');
      res.end(JSON.stringify(response.body));
    }
  });
}

export const errorResponse = (status: number, code: string, message: string): HttpResponse => ({
  status,
  body: { error: { code, message } },
});

/** Mount one REST route: read everything from `req` first, then the body, then run the handler. */
export function mountHttpRoute(
  app: { [method: string]: any },
  route: HttpRoute,
  { maxBodyBytes, logger }: { maxBodyBytes: number; logger: Logger },
) {
  const paramNames = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const mount = route.method === 'delete' ? 'del' : route.method; // uWS names DELETE `del`
  app[mount](route.path, (res: UwsResponse, req: UwsRequest) => {
    // MUST copy everything out of req now: it is invalid after this handler returns.
    const params: Record<string, string> = {};
    paramNames.forEach((name, index) => {
      try {
        params[name] = decodeURIComponent(req.getParameter(index) ?? '');
      } catch {
        params[name] = req.getParameter(index) ?? '';
      }
    });
    const headers = readHeaders(req);
    const request: HttpRequest = {
      method: route.method.toUpperCase(),
      path: req.getUrl(),
      params,
      query: new URLSearchParams(req.getQuery() ?? ''),
      headers,
      body: undefined,
      remoteAddress: Buffer.from(res.getRemoteAddressAsText()).toString(),
    };
    let aborted = false;
    res.onAborted(() => (aborted = true));
    const respond = (response: HttpResponse) => {
      if (!aborted) writeResponse(res, response);
    };
    const run = (text: string) => {
      if (text.length > 0) {
        try {
          request.body = JSON.parse(text);
        } catch {
          return respond(errorResponse(400, 'VALIDATION_ERROR', 'body is not valid JSON'));
        }
      }
      Promise.resolve()
        .then(() => route.handler(request))
        .then(respond, (error) => respond(toErrorResponse(error, logger, request)));
    };
    const length = Number(headers['content-length'] ?? 0);
    if (!headers['transfer-encoding'] && !(length > 0)) return run('');
    if (length > maxBodyBytes) return respond(errorResponse(413, 'PAYLOAD_TOO_LARGE', `body over ${maxBodyBytes} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    res.onData((chunk, isLast) => {
      if (size > maxBodyBytes) return;
      size += chunk.byteLength;
      if (size > maxBodyBytes) return respond(errorResponse(413, 'PAYLOAD_TOO_LARGE', `body over ${maxBodyBytes} bytes`));
      chunks.push(Buffer.from(chunk.slice(0))); // MUST copy: uWS reuses the chunk's memory
      if (isLast) run(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

function toErrorResponse(error: unknown, logger: Logger, request: HttpRequest): HttpResponse {
  if (error instanceof HttpError) return { ...errorResponse(error.status, error.code, error.message), ...(error.headers ? { headers: error.headers } : {}) };
  if (error instanceof BusTimeoutError) return errorResponse(504, 'TIMEOUT', 'the session did not answer in time');
  if (error instanceof StoreUnavailableError) return errorResponse(503, 'SERVICE_UNAVAILABLE', 'the database is unavailable; try again shortly');
  logger.error({ err: error, method: request.method, path: request.path }, 'REST handler failed');
  return errorResponse(500, 'SERVER_ERROR', 'internal error');
}

/** Decode a REST body with an io-ts codec, or throw a 400 naming the bad field. */
export function decodeBody<C extends t.Mixed>(codec: C, body: unknown): t.TypeOf<C> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'VALIDATION_ERROR', 'body must be a JSON object');
  }
  const result = codec.decode(body);
  if (isLeft(result)) throw new HttpError(400, 'VALIDATION_ERROR', describeErrors(result.left));
  return result.right;
}
