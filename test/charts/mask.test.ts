import t from 'tap';
import { createMasker, MASKED, maskOutgoing, wordsOf } from '../../src/charts/mask.js';

const masker = createMasker();

t.test('mask: field names are split into words across camelCase, snake_case, kebab-case and digits', async (t) => {
  t.same(wordsOf('holeCards'), ['hole', 'cards']);
  t.same(wordsOf('session_token'), ['session', 'token']);
  t.same(wordsOf('resume-token'), ['resume', 'token']);
  t.same(wordsOf('calLeft'), ['cal', 'left']);
  t.same(wordsOf('JWTSecret'), ['jwt', 'secret']);
  t.same(wordsOf('player2Role'), ['player', '2', 'role']);
});

t.test('mask: private fields are masked wherever they are, whatever their shape', async (t) => {
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
    calBaseline: 300,
    authtoken: 'x',
    is_private: false,
    password: 'hunter2',
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
    calBaseline: MASKED,
    authtoken: MASKED,
    is_private: false,
    password: MASKED,
  });
  t.same(context.players[0].holeCards, ['As', 'Ad'], 'the original is left alone');
});

t.test('mask: public names that merely contain a private word are left alone', async (t) => {
  for (const key of ['local', 'rolled', 'holes_in_one', 'tokenizer_version', 'decks_played', 'seeding']) {
    // whole words only: 'tokenizer' is not 'token'
    t.equal(masker.isPrivate(key), false, `${key} is public`);
  }
});

t.test('mask: extra words from CHARTS_MASK are masked too', async (t) => {
  const custom = createMasker(['nightActions', 'vote']);
  t.same(custom.mask({ nightActions: { p1: 'p2' }, votes: 3, vote: 'p1', night: 2 }), {
    nightActions: MASKED,
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
