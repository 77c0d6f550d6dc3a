import type { Card } from './cards.js';

/**
 * The deck's random source: the ChaCha20 keystream (RFC 8439 block function) as a
 * deterministic generator. Its whole state is plain JSON — a 256-bit key and a block
 * counter — so it lives in the table's context and survives snapshots. In play the key
 * comes from the operating system's CSPRNG (256 bits > log2(52!) ≈ 226, so every
 * shuffle is reachable); tests pass a fixed key and get the same decks every run.
 */
export interface RngState {
  /** Eight 32-bit words. */
  key: number[];
  /** Next 64-byte block to produce. */
  counter: number;
}

/** A fixed-key state for tests and benches: key words derived from `seed` with splitmix32. */
export function seededRng(seed: number): RngState {
  let x = seed >>> 0;
  const key: number[] = [];
  for (let i = 0; i < 8; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    key.push((z ^ (z >>> 16)) >>> 0);
  }
  return { key, counter: 0 };
}

/** A state from 32 bytes of key material (e.g. `crypto.randomBytes(32)`). */
export function rngFromBytes(bytes: Uint8Array): RngState {
  if (bytes.length !== 32) throw new Error('rng key must be 32 bytes');
  const key: number[] = [];
  for (let i = 0; i < 8; i++) key.push((bytes[i * 4] | (bytes[i * 4 + 1] << 8) | (bytes[i * 4 + 2] << 16) | (bytes[i * 4 + 3] << 24)) >>> 0);
  return { key, counter: 0 };
}

const rotl = (v: number, c: number) => ((v << c) | (v >>> (32 - c))) >>> 0;

function quarter(x: Uint32Array, a: number, b: number, c: number, d: number) {
  x[a] = (x[a] + x[b]) >>> 0; x[d] = rotl(x[d] ^ x[a], 16);
  x[c] = (x[c] + x[d]) >>> 0; x[b] = rotl(x[b] ^ x[c], 12);
  x[a] = (x[a] + x[b]) >>> 0; x[d] = rotl(x[d] ^ x[a], 8);
  x[c] = (x[c] + x[d]) >>> 0; x[b] = rotl(x[b] ^ x[c], 7);
}

/** One ChaCha20 block (16 words) for `key` and a 64-bit block counter; nonce is zero. */
export function chachaBlock(key: readonly number[], counter: number): Uint32Array {
  const input = new Uint32Array(16);
  input[0] = 0x61707865; input[1] = 0x3320646e; input[2] = 0x79622d32; input[3] = 0x6b206574;
  for (let i = 0; i < 8; i++) input[4 + i] = key[i];
  input[12] = counter >>> 0;
  input[13] = Math.floor(counter / 0x100000000) >>> 0;
  const x = new Uint32Array(input);
  for (let i = 0; i < 10; i++) {
    quarter(x, 0, 4, 8, 12); quarter(x, 1, 5, 9, 13); quarter(x, 2, 6, 10, 14); quarter(x, 3, 7, 11, 15);
    quarter(x, 0, 5, 10, 15); quarter(x, 1, 6, 11, 12); quarter(x, 2, 7, 8, 13); quarter(x, 3, 4, 9, 14);
  }
  for (let i = 0; i < 16; i++) x[i] = (x[i] + input[i]) >>> 0;
  return x;
}

/**
 * Shuffle `cards` (Fisher–Yates, unbiased: rejection sampling per draw) and return the
 * shuffled copy with the advanced state. Pure: the input state is not modified.
 */
export function shuffle(state: RngState, cards: readonly Card[]): { cards: Card[]; rng: RngState } {
  let counter = state.counter;
  let block = chachaBlock(state.key, counter++);
  let used = 0;
  const next = (): number => {
    if (used === 16) {
      block = chachaBlock(state.key, counter++);
      used = 0;
    }
    return block[used++];
  };
  const deck = [...cards];
  for (let i = deck.length - 1; i > 0; i--) {
    const bound = i + 1;
    const limit = 0x100000000 - (0x100000000 % bound); // largest multiple of bound below 2^32
    let r = next();
    while (r >= limit) r = next();
    const j = r % bound;
    const tmp = deck[i];
    deck[i] = deck[j];
    deck[j] = tmp;
  }
  return { cards: deck, rng: { key: state.key, counter } };
}

/** A uniform integer in [0, bound) and the advanced state. */
export function randomInt(state: RngState, bound: number): { value: number; rng: RngState } {
  const block = chachaBlock(state.key, state.counter);
  const limit = 0x100000000 - (0x100000000 % bound);
  for (let i = 0; i < 16; i++) if (block[i] < limit) return { value: block[i] % bound, rng: { key: state.key, counter: state.counter + 1 } };
  return randomInt({ key: state.key, counter: state.counter + 1 }, bound);
}
