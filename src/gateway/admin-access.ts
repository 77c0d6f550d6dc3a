import { HttpError } from './types.js';
import { bearerToken, type JwtAuth } from './jwt-auth.js';

/** Whether a listen address is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Check that a request carries an administrator's JWT (`sub` in `ADMIN_USERS`), as
 * `Authorization: Bearer …` or `?token=…`; throws HttpError 401 (none, or invalid) or 403.
 * `what` names the route in the error message.
 */
export function createAdminCheck(deps: { auth: JwtAuth; adminUsers: readonly string[] }) {
  const admins = new Set(deps.adminUsers);
  return function requireAdmin(request: { headers: Record<string, string>; query: URLSearchParams }, what: string, token = bearerToken(request.headers) ?? request.query.get('token') ?? undefined) {
    if (!token) throw new HttpError(401, 'UNAUTHORIZED', `${what}: an admin credential is required (a JWT whose sub is in ADMIN_USERS)`);
    const { member } = deps.auth.verify(token);
    if (!member || !admins.has(member)) throw new HttpError(403, 'PERMISSION_DENIED', `${what}: for administrators (ADMIN_USERS) only`);
  };
}
