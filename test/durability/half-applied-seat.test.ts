import t from 'tap';
import { connect, http } from '../support/client.js';
import { cmdId } from '../poker/socket-support.js';
import { crashDuring, dataDirOf, restart } from './crash-support.js';

/** Where a poker user sat is a note written before the SIT commits: a crash between leaves no seat (see crash-support.ts). */

t.test('crash between a poker seat note and the SIT\'s commit: the resumed player is back at the table, unseated', async (t) => {
  const dataDir = dataDirOf(t);
  let resumeToken = '';
  let userId = '';
  await crashDuring(t, dataDir, 'commit-after:poker.noteTable', async (url) => {
    const client = await connect(url.replace(/^http/, 'ws') + '/poker/ws');
    const session = await client.next('SESSION');
    ({ resumeToken, userId } = session);
    client.send({ type: 'SIT', cmdId: cmdId(), tableId: 't-1', buyIn: 5000 });
    // The SIT is never answered: the process dies at the commit that would have carried it.
    return client.next((f) => f.type === 'TABLE_SNAPSHOT' || f.type === 'PLAYER_SAT', 10_000);
  });

  const server = await restart(t, dataDir);
  const back = await connect(server.wsUrl(`/poker/ws?resume=${encodeURIComponent(resumeToken)}`));
  t.teardown(() => back.close());
  t.match(await back.next('SESSION'), { userId }, 'the resume token is still good');
  const snapshot = await back.next('TABLE_SNAPSHOT');
  t.equal(snapshot.yourSeat, null, 'the note brought the table back, and the table shows no seat: the SIT did not happen');
  t.match((await http(server.url, 'GET', '/api/tables')).body.tables, [{ tableId: 't-1', players: 0 }], 'nobody is listed at the table');
  back.send({ type: 'SIT', cmdId: cmdId(), tableId: 't-1', buyIn: 5000 });
  t.not((await back.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat !== null)).yourSeat, null, 'and sitting again works');
});
