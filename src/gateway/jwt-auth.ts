import jwt from 'jsonwebtoken';
import { HttpError, type Identity } from './types.js';

/** HS256 JWT verification and (for local development) minting. */
export interface JwtAuth {
  /**
   * Verify a token; throws HttpError 401 for a missing, bad, tampered, `alg: none`,
   * expired, or `exp`-less one. Synchronous on purpose: the gateway then upgrades the
   * socket in the same uWS callback (an upgrade deferred to a later tick is occasionally
   * dropped right after the 101 by uWS 20.30 — see docs/decisions.md).
   */
  verify(token: string | undefined | null): Identity;
  /** Mint a token for `userId`, valid `ttlSec` seconds. */
  mint(userId: string, ttlSec: number, name?: string): { token: string; expires_at: string };
}

export function createJwtAuth(secretBytes: Uint8Array): JwtAuth {
  const secret = Buffer.from(secretBytes);
  return {
    verify(token) {
      if (!token) throw new HttpError(401, 'UNAUTHORIZED', 'missing token');
      let payload: jwt.JwtPayload | string;
      try {
        payload = jwt.verify(token, secret, { algorithms: ['HS256'] });
      } catch (error) {
        const reason = error instanceof jwt.TokenExpiredError ? 'token expired' : 'invalid token';
        throw new HttpError(401, 'UNAUTHORIZED', reason);
      }
      if (typeof payload === 'string') throw new HttpError(401, 'UNAUTHORIZED', 'invalid token');
      const { sub, exp, name } = payload;
      if (typeof exp !== 'number') throw new HttpError(401, 'UNAUTHORIZED', 'token has no exp claim');
      if (typeof sub !== 'string' || sub === '') throw new HttpError(401, 'UNAUTHORIZED', 'token has no subject');
      return {
        member: sub,
        claims: { sub, ...(typeof name === 'string' ? { name } : {}) },
        expiresAt: exp * 1000,
      };
    },

    mint(userId, ttlSec, name) {
      const exp = Math.floor(Date.now() / 1000) + ttlSec;
      const token = jwt.sign({ ...(name ? { name } : {}), sub: userId, exp }, secret, { algorithm: 'HS256' });
      return { token, expires_at: new Date(exp * 1000).toISOString() };
    },
  };
}

/** The bearer token of an `Authorization` header, if any. */
export function bearerToken(headers: Record<string, string>): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return match?.[1];
}
