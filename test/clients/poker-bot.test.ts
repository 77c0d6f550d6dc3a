import t from 'tap';
import { runBot } from '../../examples/poker-bot.js';
import { startPokerServer } from '../poker/socket-support.js';

t.test('examples/poker-bot: three bots play several hands at one table, every move legal', async (t) => {
  const srv = await startPokerServer({ POKER_MIN_BUY_IN: '100' });
  t.teardown(() => srv.close());
  const lines: string[] = [];
  const bots: Awaited<ReturnType<typeof runBot>>[] = [];
  for (let i = 0; i < 3; i++) bots.push(await runBot(srv.wsUrl('/poker/ws'), { buyIn: 5000, log: (line) => lines.push(`${i}: ${line}`) }));
  t.teardown(() => Promise.all(bots.map((b) => b.close())));
  const ends = await new Promise<number>((resolve) => {
    let count = 0;
    bots[0].on('HAND_END', () => ++count === 3 && resolve(count));
  });
  t.equal(ends, 3, 'three hands played to their end');
  t.ok(lines.some((l) => / (Check|Call|Raise|Bet|Fold)/.test(l)), 'the bots acted');
  t.same(lines.filter((l) => l.includes('refused')), [], 'no move was refused');
});
