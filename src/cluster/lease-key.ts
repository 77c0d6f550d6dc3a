/**
 * Addresses as JetStream KV keys and back. A key may hold only `-/_=.` and ASCII letters
 * and digits, and a dot splits it into subject tokens; an address (`poker/t-1`,
 * `pong/0xab…`, a channel's UUID) may hold anything. Every character outside `-/_` and
 * letters and digits is written as `=` and its UTF-8 bytes in hex (`=2E` for a dot), so the
 * mapping is one-to-one, a plain address reads as itself in the bucket, and a key is always
 * one subject token.
 *
 * @example
 * leaseKeyOf('poker/t-1') // 'poker/t-1'
 * leaseKeyOf('mafia/g.1') // 'mafia/g=2E1'
 */
export function leaseKeyOf(address: string): string {
  if (address.length === 0) throw new Error('lease: an address cannot be empty');
  let key = '';
  for (const char of address) {
    if (/[-/_a-zA-Z0-9]/.test(char)) key += char;
    else for (const byte of new TextEncoder().encode(char)) key += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return key;
}

/** The address a key was made from by `leaseKeyOf`. */
export function addressOfLeaseKey(key: string): string {
  return decodeURIComponent(key.replace(/=/g, '%'));
}
