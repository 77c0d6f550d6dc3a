import { randomBytes, timingSafeEqual } from 'node:crypto';
import { bearerToken, createAdminCheck, HttpError, isLoopback, type JwtAuth } from '../gateway/index.js';

export { isLoopback };

export interface ChartsAccess {
  /** Whether a credential is required: the server listens beyond loopback. */
  readonly guarded: boolean;
  /** The `?token=` of the link `npm start` prints (undefined on a loopback-only server). */
  readonly linkToken: string | undefined;
  /** Let a request through, or throw HttpError 401 (no or bad credential) or 403 (not an administrator). */
  check(request: { headers: Record<string, string>; query: URLSearchParams }): void;
}

/**
 * Who may see `/charts`: anyone on a loopback-only server (a designer on their own
 * machine); otherwise an administrator, with a JWT whose `sub` is in `ADMIN_USERS`, or
 * whoever holds the random link token of this process. The credential comes as
 * `Authorization: Bearer …` or as `?token=…` (a browser cannot set headers on a page
 * load or a WebSocket).
 */
export function createChartsAccess(deps: { listenHost: string; auth: JwtAuth; adminUsers: readonly string[] }): ChartsAccess {
  const guarded = !isLoopback(deps.listenHost);
  const linkToken = guarded ? randomBytes(24).toString('base64url') : undefined;
  const link = linkToken === undefined ? undefined : Buffer.from(linkToken);
  const requireAdmin = createAdminCheck(deps);

  const isLink = (token: string) => {
    const given = Buffer.from(token);
    return link !== undefined && given.length === link.length && timingSafeEqual(given, link);
  };

  return {
    guarded,
    linkToken,
    check({ headers, query }) {
      if (!guarded) return;
      const token = bearerToken(headers) ?? query.get('token') ?? undefined;
      if (!token) throw new HttpError(401, 'UNAUTHORIZED', 'the charts need an admin credential: the ?token= link the server printed at start, or an admin JWT');
      if (isLink(token)) return;
      requireAdmin({ headers, query }, 'the charts', token);
    },
  };
}
