import { createHash, randomBytes, randomInt } from 'node:crypto';
import { customAlphabet } from 'nanoid';

const idAlphabet = customAlphabet('0123456789abcdefghijkmnopqrstuvwxyz', 10);

/** Fresh ids and a secret token for a new player. Only `tokenHash` ever reaches the game's context. */
export interface Credentials {
  playerId: string;
  sessionToken: string;
  tokenHash: string;
}

export const newGameId = () => `g-${idAlphabet()}`;

export function newCredentials(): Credentials {
  const sessionToken = randomBytes(24).toString('base64url');
  return { playerId: `p-${idAlphabet()}`, sessionToken, tokenHash: hashToken(sessionToken) };
}

/** sha256 (hex) of a session token: what the game stores and compares on RECONNECT. */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A game's PRNG seed: the configured one (reproducible games) or a fresh random one. */
export const newSeed = (configured: number | undefined) => configured ?? randomInt(0, 2 ** 32 - 1);
