import t from 'tap';
import { ActorcadeError, PokerClient, type PokerEvent } from '../../clients/typescript/src/index.js';
import { startPokerServer } from '../poker/socket-support.js';
import { dropAndResume, record, sdkOptions } from './support.js';

t.test('sdk poker: two clients play a whole hand with typed commands; one drops mid-hand and resumes its seat', async (t) => {
  const srv = await startPokerServer({ POKER_ACTION_TIME_MS: '60000', POKER_DISCONNECT_GRACE_MS: '60000' });
  t.teardown(() => srv.close());
  const url = srv.wsUrl('/poker/ws');
  const a = await PokerClient.connect(url, sdkOptions);
  const b = await PokerClient.connect(url, sdkOptions);
  t.teardown(() => Promise.all([a.close(), b.close()]));
  t.match(a.userId, /^0x/, 'SESSION gave an address');
  t.ok(a.resumeToken, 'and a resume token');
  const seen = new Map([a, b].map((c) => [c, record<PokerEvent>(c)]));

  const refused = await a.sit({ tableId: 't-1', buyIn: 5, seat: 0 }).catch((e) => e);
  t.ok(refused instanceof ActorcadeError, 'a refused SIT rejects with an ActorcadeError');
  t.equal(refused.code, 'INVALID_BUY_IN', 'carrying the wire code');

  const [sa, sb] = await Promise.all([a.sit({ tableId: 't-1', buyIn: 1000, seat: 0 }), b.sit({ tableId: 't-1', buyIn: 1000, seat: 1 })]);
  t.equal(sa.yourSeat, 0);
  t.equal(sb.yourSeat, 1);

  const prompts: number[] = [];
  a.on('ACTION_PROMPT', (e) => prompts.push(e.betToCall));
  const clients = new Map([[a.userId, a], [b.userId, b]]);
  let dropped = false;
  const observer = seen.get(b)!;
  for (;;) {
    const frame = await observer.take(['ACTION_PROMPT', 'HAND_END']);
    if (frame.type === 'HAND_END') break;
    if (frame.timer !== 'action') continue;
    const actor = clients.get(frame.playerId!)!;
    if (!dropped && actor === a) {
      // A network drop on a's turn: the client reconnects with its resume token and the
      // server resynchronises it with a fresh TABLE_SNAPSHOT (its own cards included).
      dropped = true;
      const before = seen.get(a)!;
      before.skipAll();
      const { attempts } = await dropAndResume(a);
      t.ok(attempts >= 1, 'reconnected after a drop');
      const snap = await before.take('TABLE_SNAPSHOT', (s) => s.yourSeat === 0);
      t.equal(snap.tableId, 't-1', 'resynchronised with the table snapshot');
      const resumedPrompt = await before.take('ACTION_PROMPT', (p) => p.playerId === a.userId && p.timer === 'action');
      t.equal(resumedPrompt.actingIndex, 0, 'still in seat 0, still its turn');
      // Everyone saw the grace prompt and the resumed one: the latter is the one to answer.
      await observer.take('ACTION_PROMPT', (p) => p.playerId === a.userId && p.timer === 'action');
    }
    const applied = await actor.act({ action: frame.canCheck ? 'Check' : 'Call' });
    t.equal(applied.playerId, actor.userId, 'ACTION resolves with its PLAYER_ACTION_APPLIED');
  }
  t.ok(dropped, 'the drop happened mid-hand');
  const illegal = await a.act({ tableId: 't-1', action: 'Check' }).catch((e) => e);
  t.ok(illegal instanceof ActorcadeError && ['NOT_YOUR_TURN', 'ILLEGAL_ACTION'].includes(illegal.code), `an out-of-turn ACTION rejects (${illegal.code})`);
  t.ok(prompts.length > 0, 'typed ACTION_PROMPT events reached a listener');
  const payout = await seen.get(a)!.take('PAYOUT');
  t.ok(payout.potBreakdown.length > 0, 'the hand paid out');
  for (const [, r] of seen) t.same(r.invalid, [], 'every frame validated against the codecs');
});
