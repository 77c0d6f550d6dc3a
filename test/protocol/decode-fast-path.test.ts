import t from 'tap';
import * as io from 'io-ts';
import { checkedType, codecsByTag, decodeTagged, onlyChecks } from '../../src/protocol/decode.js';
import { tagOf } from '../../src/protocol/describe.js';
import { createMafiaCodecs, decodeMafiaAction } from '../../src/protocol/mafia.js';
import { loadMafiaConfig } from '../../src/config/mafia.js';
import { decodePong, pongWire } from '../../src/protocol/pong.js';
import { opponentWire } from '../../src/protocol/opponent.js';

t.test('decode: a checked type decodes exactly what its predicate accepts, to itself', async (t) => {
  const even = checkedType('even number', (u): u is number => typeof u === 'number' && u % 2 === 0);
  t.same(even.decode(4), { _tag: 'Right', right: 4 });
  t.equal(even.decode(3)._tag, 'Left');
  t.ok(even.is(4));
  t.notOk(even.is('4'));
  t.ok(onlyChecks(even));
});

t.test('decode: codecs that strip or rebuild their input are not decoded by checking', async (t) => {
  t.ok(onlyChecks(io.type({ a: io.string, b: io.partial({ c: io.array(io.number) }) })));
  t.ok(onlyChecks(io.intersection([io.type({ a: io.literal('x') }), io.partial({ b: io.keyof({ A: null }) })])));
  t.notOk(onlyChecks(io.exact(io.type({ a: io.string }))), 't.exact strips unknown fields');
  t.notOk(onlyChecks(io.type({ a: new io.Type('hand-written', (u): u is string => true, (u) => io.success(String(u)), io.identity) })));
  const { ClientAction } = createMafiaCodecs(loadMafiaConfig({}));
  const byTag = new Map(ClientAction.types.map((codec: io.Mixed) => [tagOf(codec), codec]));
  t.notOk(onlyChecks(byTag.get('SUBMIT_NIGHT_ACTION')!), "mafia's night action keeps only the known fields");
  t.ok(onlyChecks(byTag.get('SUBMIT_VOTE')!));
});

t.test('decode: every client message of /pong/ws and /opponent/ws is decoded by checking', async (t) => {
  for (const family of [pongWire, opponentWire]) {
    for (const codec of family.client) t.ok(onlyChecks(codec), `${family.name}: ${tagOf(codec)}`);
  }
});

t.test('decode: a valid frame decodes to the parsed body itself; an invalid one still says why', async (t) => {
  const body = { type: 'input_command', data: { direction: 'LEFT', timestamp: 1 } };
  const codec = io.type({ type: io.literal('input_command'), data: io.type({ direction: io.keyof({ LEFT: null }), timestamp: io.number }) });
  let decodeCalls = 0;
  const decode = codec.decode.bind(codec);
  codec.decode = (u) => (decodeCalls++, decode(u));
  const codecs = codecsByTag<io.Mixed>([codec]);
  const decoded = decodeTagged(body, codecs);
  t.ok(decoded.ok && decoded.value === body, 'the body itself');
  t.equal(decodeCalls, 0, 'checked with `is`, not decoded');
  t.equal(decodeTagged({ type: 'input_command', data: {} }, codecs).ok, false);
  t.equal(decodeCalls, 1, 'a failing body is decoded for its error');
  t.same(decodePong(JSON.stringify(body)), { ok: true, value: body });
  t.same(decodePong('{"type":"input_command","data":{"direction":"UP","timestamp":1}}'), {
    ok: false,
    error: { message: 'data.direction: expected "LEFT" | "RIGHT" | "NEUTRAL", got "UP"', request: { type: 'input_command', data: { direction: 'UP', timestamp: 1 } } },
  });
});

t.test('decode: a night action with extra fields still loses them (decoded, not checked)', async (t) => {
  const codecs = createMafiaCodecs(loadMafiaConfig({}));
  const decoded = decodeMafiaAction(codecs, JSON.stringify({ type: 'SUBMIT_NIGHT_ACTION', payload: { type: 'FIREWALL', data: { target_player_id: "p2", extra: 'x' } } }));
  t.ok(decoded.ok);
  if (decoded.ok) t.same((decoded.value as any).payload, { type: 'FIREWALL', data: { target_player_id: "p2" } });
});
