import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StoreKeyOptions {
  /** The secret snapshots and journal entries are encrypted with (default: `STORE_SECRET`). */
  secret?: string;
  /** Production refuses to run without a secret (default: `NODE_ENV === 'production'`). */
  production?: boolean;
}

/** The key file a local run keeps in its data directory when no secret is given. */
export const STORE_KEY_FILE = 'store.key';

/**
 * The 256-bit key of the store's secret box: from the secret (64 hex digits are taken as
 * the key itself, anything else is hashed), or, for a local run, one generated on first
 * open and kept in `DATA_DIR/store.key` (mode 0600). Production must say its secret: a key
 * that lives next to the data it protects protects nothing against a stolen disk.
 */
export function resolveStoreKey(dataDir: string, options: StoreKeyOptions = {}): Buffer {
  const secret = options.secret ?? process.env.STORE_SECRET;
  const production = options.production ?? process.env.NODE_ENV === 'production';
  if (secret !== undefined && secret !== '') {
    return /^[0-9a-f]{64}$/i.test(secret) ? Buffer.from(secret, 'hex') : createHash('sha256').update(secret).digest();
  }
  if (production) throw new Error('STORE_SECRET is required when NODE_ENV=production (it encrypts snapshots and journals at rest)');
  if (dataDir === ':memory:') return randomBytes(32);
  const file = join(dataDir, STORE_KEY_FILE);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
