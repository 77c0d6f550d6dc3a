/**
 * The fuzzer's hostile half: mutations of a valid message and raw noise, each a frame
 * as it goes on the wire (text or binary bytes) with the name of what was done to it.
 */

export interface FuzzFrame {
  /** Text frames go as the bytes of `data` (which may be invalid UTF-8); binary frames as they are. */
  data: Buffer;
  binary: boolean;
  kind: string;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same run. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)];
    },
    bytes(n: number) {
      const out = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
  };
}
export type Random = ReturnType<typeof createRandom>;

const UNSAFE_NUMBERS = ['9007199254740993', '1e308', '-1e308', '1e-320', '-0', '18446744073709551616', '-9007199254740993', '1.5', '0x10', 'NaN', 'Infinity'];
const OTHER_TYPES: unknown[] = [null, true, 0, -1, 1.5, '', 'x', [], {}, [1, 2], { type: 'ping' }];
const text = (s: string, kind: string): FuzzFrame => ({ data: Buffer.from(s, 'utf8'), binary: false, kind });

type Json = Record<string, unknown>;

/** Every path to a field of a JSON object (nested objects included). */
function paths(value: Json, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, child] of Object.entries(value)) {
    out.push([...prefix, key]);
    if (child && typeof child === 'object' && !Array.isArray(child)) out.push(...paths(child as Json, [...prefix, key]));
  }
  return out;
}

function setAt(value: Json, path: string[], replace: (old: unknown) => unknown | typeof DROP): Json {
  const copy: Json = structuredClone(value);
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  const last = path[path.length - 1];
  const next = replace(node[last]);
  if (next === DROP) delete node[last];
  else node[last] = next;
  return copy;
}
const DROP = Symbol('drop');

/** Replace a field's JSON text by raw text (numbers JSON.stringify cannot write, deep nesting). */
function withRawField(value: Json, path: string[], raw: string): string {
  const marker = `__fuzz_raw_${Math.random().toString(36).slice(2)}__`;
  return JSON.stringify(setAt(value, path, () => marker)).replace(JSON.stringify(marker), raw);
}

/**
 * One mutation of `valid`, a message that decodes. `maxFrameBytes` is the route's size
 * limit: long strings land just under it (and, rarely, just over).
 */
export function mutate(valid: Json, rnd: Random, maxFrameBytes: number): FuzzFrame {
  const fields = paths(valid);
  const path = fields.length > 0 ? rnd.pick(fields) : ['type'];
  const json = JSON.stringify(valid);
  switch (rnd.int(14)) {
    case 0:
      return text(JSON.stringify(setAt(valid, path, () => DROP)), 'drop a field');
    case 1: {
      // A duplicated key: JSON.parse keeps the last one.
      const key = path[0];
      const other = JSON.stringify(rnd.pick(OTHER_TYPES));
      return text(`{${JSON.stringify(key)}:${other},${json.slice(1)}`, 'duplicate a field');
    }
    case 2:
      return text(JSON.stringify(setAt(valid, path, () => rnd.pick(OTHER_TYPES))), 'retype a field');
    case 3:
      return text(withRawField(valid, path, rnd.pick(UNSAFE_NUMBERS)), 'huge or unsafe number');
    case 4: {
      const depth = 50 + rnd.int(Math.min(20_000, Math.floor(maxFrameBytes / 2) - json.length - 16));
      const open = rnd.next() < 0.5 ? '[' : '{"a":';
      const close = open === '[' ? ']' : '}';
      return text(withRawField(valid, path, open.repeat(depth) + '1' + close.repeat(depth)), 'deep nesting');
    }
    case 5: {
      const over = rnd.int(20) === 0;
      const room = maxFrameBytes - json.length - 8;
      const long = 'x'.repeat(Math.max(1, over ? room + 64 : room - rnd.int(64)));
      return text(JSON.stringify(setAt(valid, path, () => long)), over ? 'string just over the size limit' : 'string just under the size limit');
    }
    case 6: {
      const key = rnd.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']);
      return text(`{${JSON.stringify(key)}:{"type":"ping","polluted":true},${json.slice(1)}`, `${key} key`);
    }
    case 7:
      return text(JSON.stringify({ ...valid, type: rnd.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) }), 'prototype name as type');
    case 8:
      return text('\ufeff' + json, 'BOM');
    case 9: {
      // A byte sequence no UTF-8 decoder accepts, inside an otherwise valid frame.
      const bytes = Buffer.from(json, 'utf8');
      const at = 1 + rnd.int(Math.max(1, bytes.length - 2));
      const bad = rnd.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]]);
      return { data: Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]), binary: false, kind: 'invalid UTF-8' };
    }
    case 10:
      return { data: Buffer.from(json, 'utf8'), binary: true, kind: 'binary frame' };
    case 11:
      return text(json.slice(0, rnd.int(json.length)), 'truncated');
    case 12:
      return text(JSON.stringify(rnd.pick([[valid], 'text', 42, null, true])), 'not an object');
    default:
      return text(JSON.stringify(setAt(valid, path, (old) => (typeof old === 'string' ? old + '\u0000\ud800' : [old]))), 'odd characters or wrapped value');
  }
}

/** Raw noise: random bytes as text or binary, printable junk, empty frames. */
export function noise(rnd: Random): FuzzFrame {
  switch (rnd.int(5)) {
    case 0:
      return { data: rnd.bytes(1 + rnd.int(256)), binary: false, kind: 'byte noise (text)' };
    case 1:
      return { data: rnd.bytes(1 + rnd.int(256)), binary: true, kind: 'byte noise (binary)' };
    case 2: {
      const chars = '{}[]":,0123456789.eE+-truefalsnl \\/abc';
      let s = '';
      for (let i = 1 + rnd.int(128); i > 0; i--) s += chars[rnd.int(chars.length)];
      return text(s, 'JSON-ish noise');
    }
    case 3:
      return text('', 'empty frame');
    default:
      return { data: Buffer.alloc(0), binary: true, kind: 'empty binary frame' };
  }
}
