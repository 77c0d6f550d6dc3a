import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { HttpError, type Identity } from './types.js';

/** HS256 JWT verification and (for local development) minting. */
export interface JwtAuth {
  /** Verify a token; throws HttpError 401 for a missing, bad, tampered, `alg: none` or expired one. */
  verify(token: string | undefined | null): Promise<Identity>;
  /** Mint a token for `userId`, valid `ttlSec` seconds. */
  mint(userId: string, ttlSec: number, name?: string): Promise<{ token: string; expires_at: string }>;
}

export function createJwtAuth(secret: Uint8Array): JwtAuth {
  return {
    async verify(token) {
      if (!token) throw new HttpError(401, 'UNAUTHORIZED', 'missing token');
      try {
        const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
        const { sub, exp, name } = payload;
        if (typeof sub !== 'string' || sub === '') throw new HttpError(401, 'UNAUTHORIZED', 'token has no subject');
        return {
          member: sub,
          claims: { sub, ...(typeof name === 'string' ? { name } : {}) },
          expiresAt: (exp as number) * 1000,
        };
      } catch (error) {
        if (error instanceof HttpError) throw error;
        const reason = error instanceof joseErrors.JWTExpired ? 'token expired' : 'invalid token';
        throw new HttpError(401, 'UNAUTHORIZED', reason);
      }
    },

    async mint(userId, ttlSec, name) {
      const exp = Math.floor(Date.now() / 1000) + ttlSec;
      const token = await new SignJWT(name ? { name } : {})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(userId)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(secret);
      return { token, expires_at: new Date(exp * 1000).toISOString() };
    },
  };
}

/** The bearer token of an `Authorization` header, if any. */
export function bearerToken(headers: Record<string, string>): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return match?.[1];
}
