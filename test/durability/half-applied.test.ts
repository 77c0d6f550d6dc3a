import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, http } from '../support/client.js';
import { cmdId } from '../poker/socket-support.js';
import { startServerProcess } from './server-process.js';

/**
 * A command that writes two records (a domain row and an actor's snapshot or journal) must
 * never be left half-applied by a crash between the two writes. Each test kills the server
 * with SIGKILL exactly there (`crash-between.ts`), restarts it on the same DATA_DIR and looks
 * as a client would: the command is either fully applied or not at all.
 */

const CRASHING = 'test/durability/crash-between.ts';

const dataDirOf = (t: Test) => {
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-between-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

async function bearer(url: string, user: string) {
  const minted = await http(url, 'POST', '/api/auth/token', { user_id: user });
  return { authorization: `Bearer ${minted.body.token}` };
}

/** Start the crashing server, send the one command, and see the process die before it answers. */
async function crashDuring(t: Test, dataDir: string, crashAt: string, command: (url: string) => Promise<unknown>, env: Record<string, string> = {}) {
  const server = await startServerProcess(dataDir, { ...env, CRASH_AT: crashAt }, CRASHING);
  t.teardown(() => server.stop());
  const answer = await command(server.url).then(
    (reply) => ({ reply }),
    (error: Error) => ({ error }),
  );
  await server.exited;
  t.equal(server.child.signalCode, 'SIGKILL', `the server was killed at ${crashAt}`);
  t.ok('error' in answer, 'the command was never answered');
}

async function restart(t: Test, dataDir: string, env: Record<string, string> = {}) {
  const server = await startServerProcess(dataDir, env);
  t.teardown(() => server.stop());
  return server;
}

t.test('crash between a new channel\'s rows and the commit: the channel is there whole, listed and usable', async (t) => {
  const dataDir = dataDirOf(t);
  await crashDuring(t, dataDir, 'commit-after:channels.saveChannel', async (url) =>
    http(url, 'POST', '/api/channels', { name: 'between', is_private: true, members: ['bob'] }, await bearer(url, 'ann')),
  );

  const server = await restart(t, dataDir);
  const ann = await bearer(server.url, 'ann');
  const bob = await bearer(server.url, 'bob');
  const listed = (await http(server.url, 'GET', '/api/channels', undefined, ann)).body.channels as any[];
  t.equal(listed.length, 1, 'the channel whose rows were written is listed');
  const id = listed[0].id;
  const described = await http(server.url, 'GET', `/api/channels/${id}`, undefined, bob);
  t.equal(described.status, 200, 'its actor answers (it was built from the rows)');
  t.same(described.body.members, ['ann', 'bob'], 'with the owner and the invited member');
  t.equal(described.body.is_member, true);
  t.equal((await http(server.url, 'GET', `/api/channels/${id}/messages`, undefined, ann)).status, 200, 'its history answers');
  const posted = await http(server.url, 'POST', `/api/channels/${id}/messages`, { content: 'hello' }, bob);
  t.equal(posted.status, 201, 'and it takes posts');
  const outsider = await http(server.url, 'GET', `/api/channels/${id}`, undefined, await bearer(server.url, 'cy'));
  t.equal(outsider.status, 403, 'a private channel stays private');
});

t.test('crash between a new member\'s row and the commit: the member is a member everywhere', async (t) => {
  const dataDir = dataDirOf(t);
  const first = await restart(t, dataDir);
  const created = await http(first.url, 'POST', '/api/channels', { name: 'club', is_private: true }, await bearer(first.url, 'ann'));
  t.equal(created.status, 201);
  const id = created.body.id;
  await first.stop();

  await crashDuring(t, dataDir, 'commit-after:channels.addMember', async (url) =>
    http(url, 'POST', `/api/channels/${id}/members`, { user_id: 'bob' }, await bearer(url, 'ann')),
  );

  const server = await restart(t, dataDir);
  const bob = await bearer(server.url, 'bob');
  const listed = (await http(server.url, 'GET', '/api/channels', undefined, bob)).body.channels as any[];
  t.same(listed.map((c) => c.id), [id], 'bob sees the private channel in his list');
  const described = await http(server.url, 'GET', `/api/channels/${id}`, undefined, bob);
  t.equal(described.status, 200, 'and the channel lets him in');
  t.equal(described.body.is_member, true);
  t.equal((await http(server.url, 'POST', `/api/channels/${id}/messages`, { content: 'in' }, bob)).status, 201, 'he can post');
});

t.test('crash between a new table\'s actor and its registry row: no table appears, and the next one is created', async (t) => {
  const dataDir = dataDirOf(t);
  // The default table first, so the crash comes from the REST call and not from start-up.
  await (await restart(t, dataDir)).stop();

  await crashDuring(t, dataDir, 'before:poker.addTable', (url) => http(url, 'POST', '/api/tables', { smallBlind: 5, bigBlind: 10 }));

  const server = await restart(t, dataDir);
  const tables = (await http(server.url, 'GET', '/api/tables')).body.tables as any[];
  t.same(tables.map((x) => x.tableId), ['t-1'], 'only the default table is listed: the unanswered create left nothing visible');
  const again = await http(server.url, 'POST', '/api/tables', { smallBlind: 5, bigBlind: 10 });
  t.equal(again.status, 201, 'creating the table again works');
  t.equal((await http(server.url, 'GET', '/api/tables')).body.tables.length, 2);
});

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

t.test('crash between a sync\'s operation row and its actor: the sync runs to the end after the restart', async (t) => {
  const dataDir = dataDirOf(t);
  const env = { LIBRARY_FIXTURE_LATENCY_MS: '2' };
  const first = await restart(t, dataDir, env);
  const library = await http(first.url, 'POST', '/api/libraries', { name: 'Shelf', platform: 'fixture' }, await bearer(first.url, 'lib-user'));
  t.equal(library.status, 201);
  const libraryId = library.body.library_id;
  await first.stop();

  await crashDuring(t, dataDir, 'commit-after:library.createOperation', async (url) =>
    http(url, 'POST', `/api/libraries/${libraryId}/sync`, { type: 'full' }, await bearer(url, 'lib-user')),
  env);

  const server = await restart(t, dataDir, env);
  const auth = await bearer(server.url, 'lib-user');
  let row: any;
  for (let i = 0; i < 300; i++) {
    row = (await http(server.url, 'GET', `/api/libraries/${libraryId}`, undefined, auth)).body;
    if (row.last_synced_at !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.not(row.last_synced_at, null, 'the sync whose row was written ran after the restart');
  t.ok(row.game_count > 0, 'and added the library\'s games');
  const games = await http(server.url, 'GET', `/api/libraries/${libraryId}/games?limit=1`, undefined, auth);
  t.equal(games.body.total, row.game_count, 'every game it counted is there');
});

t.test('a channel snapshot left by an earlier build is dropped at start: the rows decide', async (t) => {
  const dataDir = dataDirOf(t);
  const first = await restart(t, dataDir);
  const ann = await bearer(first.url, 'ann');
  const id = (await http(first.url, 'POST', '/api/channels', { name: 'old', is_private: true }, ann)).body.id;
  t.equal((await http(first.url, 'POST', `/api/channels/${id}/members`, { user_id: 'bob' }, ann)).status, 200);
  await first.stop();
  // What an earlier build kept beside the rows: a snapshot that predates bob.
  const { createSqliteStore } = await import('../../src/store/index.js');
  const store = await createSqliteStore(dataDir);
  await store.putSnapshot(`channel/${id}`, { status: 'active', value: 'open', context: { channelId: id, info: null, members: { ann: true } } }, 0);
  await store.close();

  const server = await restart(t, dataDir);
  const described = await http(server.url, 'GET', `/api/channels/${id}`, undefined, await bearer(server.url, 'bob'));
  t.equal(described.status, 200, 'bob, added after that snapshot, is let in');
  t.same(described.body.members, ['ann', 'bob']);
  await server.stop();
  const reopened = await createSqliteStore(dataDir);
  t.equal(await reopened.getSnapshot(`channel/${id}`), undefined, 'and the stale snapshot is gone');
  await reopened.close();
});
