/**
 * `input_command` is 60 frames a second per match, and JSON.parse plus the codec's check
 * were two thirds of its decode. Most clients (the SDK, the load generator, any
 * `JSON.stringify` of `{type, data: {direction, timestamp}}`) send one exact text: this
 * reads that text directly and builds the object JSON.parse would. Anything else — another
 * key order, whitespace, a fraction or exponent, `rawActivation`, a direction the codec
 * refuses — is not recognised (undefined) and takes the general path, which alone decides
 * what is valid (test/protocol/pong-input-frame.test.ts checks that the two agree).
 */

const HEAD = '{"type":"input_command","data":{"direction":"';
const TIMESTAMP = '","timestamp":';
const TAIL = '}}';
/** Integers of up to 15 digits are exact in a double, so the digit loop below equals JSON.parse. */
const MAX_DIGITS = 15;

export interface InputFrame {
  type: 'input_command';
  data: { direction: 'LEFT' | 'RIGHT' | 'NEUTRAL'; timestamp: number };
}

export function parseInputFrame(text: string): InputFrame | undefined {
  if (!text.startsWith(HEAD)) return undefined;
  let i = HEAD.length;
  const first = text.charCodeAt(i);
  const direction = first === 0x4c ? 'LEFT' : first === 0x52 ? 'RIGHT' : first === 0x4e ? 'NEUTRAL' : undefined; // L R N
  if (direction === undefined || !text.startsWith(direction, i)) return undefined;
  i += direction.length;
  if (!text.startsWith(TIMESTAMP, i)) return undefined;
  i += TIMESTAMP.length;
  const negative = text.charCodeAt(i) === 0x2d; // '-'
  if (negative) i++;
  const start = i;
  let timestamp = 0;
  for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i)) timestamp = timestamp * 10 + (c - 0x30);
  const digits = i - start;
  // JSON has no leading zeros ("01"), and "-0" parses to -0: leave both to JSON.parse.
  if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && text.charCodeAt(start) === 0x30) || (negative && timestamp === 0)) return undefined;
  if (i + TAIL.length !== text.length || !text.endsWith(TAIL)) return undefined;
  return { type: 'input_command', data: { direction, timestamp: negative ? -timestamp : timestamp } };
}
