import t from 'tap';
import { readFileSync } from 'node:fs';
import * as io from 'io-ts';
import { OPPONENT_ERRORS, PONG_ERRORS } from '../../machines/pong/errors.js';
import { PongClientMessage } from '../../src/protocol/pong.js';
import { loadPongConfig } from '../../src/config/pong.js';

const docs = readFileSync(new URL('../../docs/pong.md', import.meta.url), 'utf8');

t.test('pong docs: every error code of both routes is documented', async (t) => {
  for (const code of [...Object.keys(PONG_ERRORS), ...Object.keys(OPPONENT_ERRORS)]) t.match(docs, `\`${code}\``, code);
});

t.test('pong docs: every setting is documented', async (t) => {
  const source = readFileSync(new URL('../../src/config/pong.ts', import.meta.url), 'utf8');
  const names = [...source.matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]);
  t.ok(names.length > 20);
  for (const name of names) t.match(docs, name, name);
  t.equal(loadPongConfig({}).tickHz, 60);
});

t.test('pong protocol: every client message codec has a literal type tag', async (t) => {
  for (const member of PongClientMessage.types) {
    const inner = member instanceof io.IntersectionType ? member.types[0] : member;
    t.ok((inner as io.InterfaceType<any>).props.type instanceof io.LiteralType, member.name);
  }
});

t.test('pong codec: game_state bytes are exactly what JSON.stringify would write', async (t) => {
  const { pongCodec } = await import('../../src/protocol/pong.js');
  const fc = await import('fast-check');
  const text = (encoded: string | Uint8Array) => (typeof encoded === 'string' ? encoded : Buffer.from(encoded).toString('utf8'));
  const stateOf = (n: number[]) => ({
    type: 'game_state',
    data: {
      timestamp: n[0],
      ball: { x: n[1], y: n[2], vx: n[3], vy: n[4] },
      playerPaddle: { y: n[5], vy: n[6] },
      aiPaddle: { y: n[7], vy: n[8] },
      score: { player: n[9], ai: n[10] },
      stressLevel: n[11],
    },
  });
  const round = (places: number) => (x: number) => Math.round(x * 10 ** places) / 10 ** places;
  // Values as the loop makes them (rounded to 0.1 px, stress to 0.001, epoch-ms timestamps), and any double at all.
  const gameValue = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(round(1)),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -2, max: 2 }).map(round(3)),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(round(2)),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
    fc.constantFrom(0, -0, 0.1, -0.1, 0.001, 0.3, 480, -480, 1e-7, 123456789.5, 99999999999.999, 2 ** 53 - 1, 2 ** 53, 1e21),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
  let checked = 0;
  fc.assert(
    fc.property(fc.array(gameValue, { minLength: 12, maxLength: 12 }), (values) => {
      const event = stateOf(values);
      checked++;
      return text(pongCodec.encode(event)) === JSON.stringify(event);
    }),
    { numRuns: 3000, seed: 5 },
  );
  t.equal(checked, 3000);
  // Values JSON has no number for are written as JSON.stringify writes them: null.
  const odd = stateOf([1, NaN, Infinity, -Infinity, 0, 0, 0, 0, 0, 0, 0, 0]);
  t.equal(text(pongCodec.encode(odd)), JSON.stringify(odd));
});
