import t from 'tap';
import { connect } from '../support/client.js';
import { closeAll, seatPlayers, startPokerServer } from './socket-support.js';

t.test('poker socket: resuming a seat on a second socket closes the first with 4000; the seat plays on the new one', async (t) => {
  const srv = await startPokerServer();
  t.teardown(() => srv.close());
  const players = await seatPlayers(srv.wsUrl('/poker/ws'), [1000, 1000]);
  const [first] = players;
  const second = await connect(srv.wsUrl(`/poker/ws?resume=${encodeURIComponent(first.resumeToken)}`));
  t.match(await second.next('SESSION'), { userId: first.userId });
  t.match(await first.client.closed, { code: 4000, reason: 'session resumed elsewhere' }, 'the first socket is closed with 4000');
  const snapshot = await second.next('TABLE_SNAPSHOT');
  t.equal(snapshot.yourSeat, first.seat, 'the new socket holds the seat');
  const third = await connect(srv.wsUrl('/poker/ws'));
  t.match(await third.next('SESSION'), {}, 'other players are untouched');
  t.equal(players[1].client.received.some((f: any) => f.type === 'ERROR'), false);
  await Promise.all([second.close(), third.close()]);
  await closeAll(players.slice(1));
});
