import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Sealed text starts with this: version 1 is AES-256-GCM, base64 of iv (12) ‖ tag (16) ‖ ciphertext. */
const SEALED = 'v1.';

export interface SecretBox {
  /** Encrypt a JSON text for storage. */
  seal(plain: string): string;
  /** Decrypt what `seal` made; text stored before encryption existed passes through unchanged. */
  open(stored: string): string;
}

/**
 * AES-256-GCM around whole stored payloads (snapshots, journal entries): deck keys, undealt
 * cards and hidden roles live in them, and the payload is the unit the store writes anyway,
 * so nothing per-field has to know what is secret. A tampered payload does not open.
 */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the store key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return SEALED + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(stored) {
      if (!stored.startsWith(SEALED)) return stored;
      const raw = Buffer.from(stored.slice(SEALED.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
