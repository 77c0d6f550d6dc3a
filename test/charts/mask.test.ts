import t from 'tap';
import { definePrivateFields } from '../../src/contract/index.js';
import { createMasker, MASKED, maskOutgoing } from '../../src/charts/mask.js';

const declaration = definePrivateFields({
  fields: ['rng', 'deck', 'hole', 'holeCards', 'resumeToken', 'sessionToken', 'role', 'alignment', 'intel', 'calibration', 'session_token'],
  events: ['SUBMIT_NIGHT_ACTION'],
});
const masker = createMasker(declaration);

t.test('mask: declared fields are masked wherever they are, whatever their shape', async (t) => {
  const context = {
    tableId: 't-1',
    handId: 7,
    board: ['Ah', 'Kd', '2c'],
    rng: { state: [1, 2, 3] },
    deck: ['Qs', 'Jh'],
    players: [
      { name: 'ann', stack: 1000, holeCards: ['As', 'Ad'], resumeToken: 'r-1' },
      { name: 'bob', stack: 900, hole: ['7c', '2d'], sessionToken: 'abc' },
    ],
    members: { p1: { role: 'mafia', alignment: 'evil', intel: ['p2 is town'], player_name: 'Cy' } },
    calibration: { left: 1, right: 2 },
    is_private: false,
  };
  t.same(masker.mask(context), {
    tableId: 't-1',
    handId: 7,
    board: ['Ah', 'Kd', '2c'],
    rng: MASKED,
    deck: MASKED,
    players: [
      { name: 'ann', stack: 1000, holeCards: MASKED, resumeToken: MASKED },
      { name: 'bob', stack: 900, hole: MASKED, sessionToken: MASKED },
    ],
    members: { p1: { role: MASKED, alignment: MASKED, intel: MASKED, player_name: 'Cy' } },
    calibration: MASKED,
    is_private: false,
  });
  t.same(context.players[0].holeCards, ['As', 'Ad'], 'the original is left alone');
});

t.test('mask: by declaration, not by name: an undeclared field is shown whatever it is called', async (t) => {
  t.equal(masker.isPrivate('password'), false, 'only what the kind declares is masked');
  t.equal(masker.isPrivate('roles'), false, 'exact names: `role` does not mask `roles`');
  t.same(createMasker(definePrivateFields({ fields: [] })).mask({ token: 't' }), { token: 't' });
});

t.test('mask: a kind with no declaration shows no context and no payloads', async (t) => {
  const undeclared = createMasker(undefined);
  t.equal(undeclared.mask({ owner: 'ann', touches: 1 }), MASKED);
  t.same(undeclared.maskEvent({ type: 'touch', $from: { member: 'ann' }, vault: 'v1' } as never), { type: 'touch', $from: { member: 'ann' }, '…': MASKED });
  t.same(maskOutgoing(undeclared, 'session', { type: 'opened', n: 1 } as never).event, { type: 'opened', '…': MASKED });
});

t.test('mask: a declared event type keeps only its type and sender, handled or emitted', async (t) => {
  const night = { type: 'SUBMIT_NIGHT_ACTION', payload: { type: 'CONVERT', data: { target_player_id: 'p2' } }, $from: { conn: 'c1', member: 'p1' } };
  t.same(masker.maskEvent(night as never), { type: 'SUBMIT_NIGHT_ACTION', $from: { conn: 'c1', member: 'p1' }, '…': MASKED });
  t.same(maskOutgoing(masker, 'session', { type: 'SUBMIT_NIGHT_ACTION', x: 1 } as never).event, { type: 'SUBMIT_NIGHT_ACTION', '…': MASKED });
  t.same(masker.maskEvent({ type: 'GET_GAME', session_token: 's' } as never), { type: 'GET_GAME', session_token: MASKED }, 'other events: field by field');
});

t.test('mask: extra field names from CHARTS_MASK are masked for every kind, whatever their case', async (t) => {
  const custom = createMasker(definePrivateFields({ fields: [] }), ['nightActions', 'vote']);
  t.same(custom.mask({ nightActions: { p1: 'p2' }, NIGHTACTIONS: 1, votes: 3, vote: 'p1', night: 2 }), {
    nightActions: MASKED,
    NIGHTACTIONS: MASKED,
    votes: 3,
    vote: MASKED,
    night: 2,
  });
});

t.test('mask: big values are cut short', async (t) => {
  const masked = masker.mask({ list: Array.from({ length: 60 }, (_, i) => i), text: 'x'.repeat(500) }) as { list: unknown[]; text: string };
  t.equal(masked.list.length, 51);
  t.equal(masked.list[50], '… 10 more');
  t.equal(masked.text.length, 201);
});

t.test('mask: emitted events to one member, one connection or the sender show only their type', async (t) => {
  t.same(maskOutgoing(masker, { member: 'p1' }, { type: 'HOLE', cards: ['As'], n: 1 } as never), { to: 'member', event: { type: 'HOLE', '…': MASKED } });
  t.same(maskOutgoing(masker, { conn: 'c1' }, { type: 'x', a: 1 } as never), { to: 'connection', event: { type: 'x', '…': MASKED } });
  t.same(maskOutgoing(masker, 'sender', { type: 'SESSION_CREDENTIALS', session_token: 's' } as never).event, { type: 'SESSION_CREDENTIALS', '…': MASKED });
  t.same(maskOutgoing(masker, 'session', { type: 'SEATED', seat: 2, resumeToken: 'r' } as never), {
    to: 'session',
    event: { type: 'SEATED', seat: 2, resumeToken: MASKED },
  });
  t.same(maskOutgoing(masker, { topic: 'presence' }, { type: 'presence_update', user_id: 'u' } as never).to, 'topic presence');
});
