import t from 'tap';
import { createSqliteStore, type Store } from '../../src/store/index.js';
import { pokerSession } from '../../src/sessions/poker/index.js';
import { connect } from '../support/client.js';
import { startServer } from '../support/server.js';
import { cmdId } from './socket-support.js';

/** The SQLite store, with the lookup of a resumed player's tables slowed down. */
async function slowTablesStore(delayMs: number): Promise<Store> {
  const store = await createSqliteStore(':memory:');
  const tablesOf = store.poker.tablesOf.bind(store.poker);
  const poker = { ...store.poker, tablesOf: (userId: string) => new Promise<string[]>((resolve) => setTimeout(() => resolve(tablesOf(userId)), delayMs)) };
  return { ...store, poker };
}

t.test('poker socket: commands sent while a resumed socket is being re-attached wait for it, in order', async (t) => {
  const store = await slowTablesStore(300);
  const srv = await startServer({ POKER_RNG_SEED: 'resume-queue', RATE_LIMIT_PER_SEC: '1000', RATE_LIMIT_BURST: '1000' }, { sessions: [pokerSession], store });
  t.teardown(async () => {
    await srv.close();
    await store.close();
  });

  const first = await connect(srv.wsUrl('/poker/ws'));
  const { userId, resumeToken } = await first.next('SESSION');
  first.send({ type: 'SIT', cmdId: cmdId(), tableId: 't-1', buyIn: 2000, seat: 2 });
  t.match(await first.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === 2), { yourSeat: 2 });
  await first.close();

  const back = await connect(srv.wsUrl(`/poker/ws?resume=${encodeURIComponent(resumeToken)}`));
  // Sent at once: the store has not answered which tables this player sat at yet.
  back.send({ type: 'SIT_OUT', cmdId: cmdId() });
  back.send({ type: 'SIT_IN', cmdId: cmdId() });
  t.match(await back.next('SESSION'), { userId, resumeToken }, 'SESSION comes first');
  const out = await back.next((f) => f.type === 'TABLE_SNAPSHOT' && f.seats[2]?.sittingOut === true);
  t.match(out.seats[2], { playerId: userId }, 'the command without tableId reached the table the socket was re-attached to');
  const inAgain = await back.next((f) => f.type === 'TABLE_SNAPSHOT' && f.seats[2]?.sittingOut === false);
  t.match(inAgain.seats[2], { playerId: userId }, 'and the next one after it');
  t.notOk(back.received.some((f) => f.type === 'ERROR'), 'nothing was refused');
  await back.close();
});
