/** The few REST calls a client needs around its socket, with `fetch` (browsers, Node 20). */

export interface RestError extends Error {
  status: number;
  body: unknown;
}

async function call(base: string, method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const res = await fetch(base.replace(/\/$/, '') + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw Object.assign(new Error(`${method} ${path}: HTTP ${res.status}`), { status: res.status, body: parsed }) as RestError;
  return parsed;
}

/** JSON over HTTP against `base` (`http://host:port`), with a bearer token when given. */
export function rest(base: string, token?: string) {
  return {
    get: <T = any>(path: string): Promise<T> => call(base, 'GET', path, undefined, token),
    post: <T = any>(path: string, body: unknown = {}): Promise<T> => call(base, 'POST', path, body, token),
    patch: <T = any>(path: string, body: unknown): Promise<T> => call(base, 'PATCH', path, body, token),
    delete: <T = any>(path: string): Promise<T> => call(base, 'DELETE', path, undefined, token),
  };
}

/** A development JWT from `POST /api/auth/token` (off when the server runs with NODE_ENV=production). */
export async function devToken(base: string, userId: string, name?: string): Promise<string> {
  const { token } = await rest(base).post<{ token: string }>('/api/auth/token', { user_id: userId, ...(name ? { name } : {}) });
  return token;
}
