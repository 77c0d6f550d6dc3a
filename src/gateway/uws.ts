import uWS from 'uWebSockets.js';

export { uWS };

/**
 * The uWebSockets.js build silently falls back to a slow pure-JS implementation when
 * its native binary does not load; then publish/subscribe do nothing and every figure
 * is a lie. Only the native build exposes `DISABLED` as a number.
 */
export function assertNativeUws(): void {
  if (typeof (uWS as unknown as { DISABLED?: unknown }).DISABLED !== 'number') {
    throw new Error(
      'uWebSockets.js loaded its pure-JS fallback instead of the native binary ' +
        '(unset UWS_USE_FALLBACK; this build needs Node 16/18/20 on linux-x64). Refusing to start.',
    );
  }
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const statusLine = (status: number) => `${status} ${STATUS_TEXT[status] ?? 'Unknown'}`;
