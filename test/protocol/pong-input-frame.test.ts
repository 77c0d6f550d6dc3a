import t from 'tap';
import fc from 'fast-check';
import { InputCommand } from '../../src/protocol/pong.js';
import { parseInputFrame } from '../../src/protocol/pong-input-frame.js';
import { decodePong } from '../../src/protocol/pong.js';
import { parseObject, decodeTagged, codecsByTag } from '../../src/protocol/decode.js';

// The input_command fast path must never accept what the general path refuses, nor read
// anything differently: whatever it recognises equals JSON.parse, and the codec accepts it.
const general = (text: string) => {
  const parsed = parseObject(text);
  return parsed.ok ? decodeTagged(parsed.value, codecsByTag([InputCommand])) : parsed;
};

const direction = fc.oneof(fc.constantFrom('LEFT', 'RIGHT', 'NEUTRAL'), fc.string({ maxLength: 8 }));
const timestamp = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000_000_000 }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 123456789012345, 1234567890123456, 9007199254740993, -1),
);
const body = fc.record(
  {
    type: fc.constantFrom('input_command', 'input_commands', 'connect'),
    data: fc.record({ direction, timestamp, rawActivation: fc.double() }, { requiredKeys: ['direction', 'timestamp'] }),
  },
  { requiredKeys: ['type'] },
);
/** What clients send most: the exact text the fast path is for. */
const canonical = fc
  .record({ direction: fc.constantFrom('LEFT', 'RIGHT', 'NEUTRAL'), timestamp: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.integer()) })
  .map((data) => ({ type: 'input_command', data }));
/** A text that JSON.stringify would write, or one edited by a character. */
const frame = fc.oneof(
  canonical.map((b) => JSON.stringify(b)),
  body.map((b) => JSON.stringify(b)),
  fc.tuple(fc.oneof(canonical, body), fc.nat(), fc.string({ maxLength: 2 })).map(([b, at, s]) => {
    const text = JSON.stringify(b);
    const i = at % (text.length + 1);
    return text.slice(0, i) + s + text.slice(i + 1);
  }),
);

t.test('pong input fast path: it recognises a frame only when JSON.parse and the codec accept it, and reads the same value', async (t) => {
  let recognised = 0;
  fc.assert(
    fc.property(frame, (text) => {
      const fast = parseInputFrame(text);
      if (fast === undefined) return true;
      recognised++;
      const slow = general(text);
      return slow.ok && JSON.stringify(slow.value) === JSON.stringify(fast) && Object.is(fast.data.timestamp, (slow.value as typeof fast).data.timestamp);
    }),
    { numRuns: 20_000, seed: 4 },
  );
  t.ok(recognised > 1000, `the property saw ${recognised} recognised frames`);
});

t.test('pong input fast path: the canonical frames are recognised; others go the general way with its errors', async (t) => {
  const canonical = (direction: string, timestamp: number) => JSON.stringify({ type: 'input_command', data: { direction, timestamp } });
  t.same(parseInputFrame(canonical('LEFT', 1_796_000_000_000)), { type: 'input_command', data: { direction: 'LEFT', timestamp: 1_796_000_000_000 } });
  t.same(parseInputFrame(canonical('NEUTRAL', 0)), { type: 'input_command', data: { direction: 'NEUTRAL', timestamp: 0 } });
  t.same(parseInputFrame(canonical('RIGHT', -5)), { type: 'input_command', data: { direction: 'RIGHT', timestamp: -5 } });
  for (const other of [
    canonical('LEFT', 1.5),
    canonical('UP', 1),
    canonical('LEFTY', 1),
    '{"type":"input_command","data":{"direction":"LEFT","timestamp":01}}',
    '{"type":"input_command","data":{"direction":"LEFT","timestamp":1}} ',
    '{"type":"input_command","data":{"direction":"LEFT","timestamp":1,"rawActivation":0.5}}',
    '{"type":"input_command","data":{"timestamp":1,"direction":"LEFT"}}',
    '{"type":"input_command","data":{"direction":"LEFT","timestamp":1}}}',
  ]) {
    t.equal(parseInputFrame(other), undefined, other);
  }
  t.same(decodePong(canonical('UP', 1)), {
    ok: false,
    error: { message: 'data.direction: expected "LEFT" | "RIGHT" | "NEUTRAL", got "UP"', request: { type: 'input_command', data: { direction: 'UP', timestamp: 1 } } },
  });
  t.same(decodePong('{"type":"input_command","data":{"timestamp":1,"direction":"LEFT"}}'), { ok: true, value: { type: 'input_command', data: { timestamp: 1, direction: 'LEFT' } } });
});
