import t from 'tap';
import { http } from '../support/client.js';
import { crashDuring, dataDirOf, restart } from './crash-support.js';

/** A new table's actor is committed before its registry row: a crash between leaves nothing visible (see crash-support.ts). */

t.test('crash between a new table\'s actor and its registry row: no table appears, and the next one is created', async (t) => {
  const dataDir = dataDirOf(t);
  // The first addTable is the default table's, at start-up; the second is the REST call's.
  await crashDuring(t, dataDir, 'before:poker.addTable#2', (url) => http(url, 'POST', '/api/tables', { smallBlind: 5, bigBlind: 10 }));

  const server = await restart(t, dataDir);
  const tables = (await http(server.url, 'GET', '/api/tables')).body.tables as any[];
  t.same(tables.map((x) => x.tableId), ['t-1'], 'only the default table is listed: the unanswered create left nothing visible');
  const again = await http(server.url, 'POST', '/api/tables', { smallBlind: 5, bigBlind: 10 });
  t.equal(again.status, 201, 'creating the table again works');
  t.equal((await http(server.url, 'GET', '/api/tables')).body.tables.length, 2);
});
