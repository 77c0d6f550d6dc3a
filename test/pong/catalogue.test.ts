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

t.test('pong codec: the game_state template writes exactly what JSON.stringify would', async (t) => {
  const { pongCodec } = await import('../../src/protocol/pong.js');
  const fc = await import('fast-check');
  const num = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
  fc.assert(
    fc.property(fc.record({ x: num, y: num, vx: num, vy: num, py: num, pvy: num, ay: num, avy: num, sp: fc.nat(), sa: fc.nat(), st: num, ts: fc.nat() }), (r) => {
      const event = {
        type: 'game_state',
        data: {
          timestamp: r.ts,
          ball: { x: r.x, y: r.y, vx: r.vx, vy: r.vy },
          playerPaddle: { y: r.py, vy: r.pvy },
          aiPaddle: { y: r.ay, vy: r.avy },
          score: { player: r.sp, ai: r.sa },
          stressLevel: r.st,
        },
      };
      return pongCodec.encode(event) === JSON.stringify(event);
    }),
  );
  t.pass('matches on 100 random states');
});
