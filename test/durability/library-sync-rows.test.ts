import t, { type Test } from 'tap';
import { http, type TestClient } from '../support/client.js';
import { bearer, dataDirOf, librarySocket, restart } from './crash-support.js';
import { startServerProcess } from './server-process.js';

/**
 * A sync's game and operation rows are written by the library's I/O worker after the job's
 * turn committed. Each test kills the server with SIGKILL at one of those writes
 * (`crash-between.ts`) while a client listens to the sync, restarts it on the same DATA_DIR
 * and checks what the client was told against what the REST API shows.
 */

const CRASHING = 'test/durability/crash-between.ts';
// Every game announced (progress throttle 0), no platform latency: the crash lands mid-sync.
const ENV = { LIBRARY_FIXTURE_LATENCY_MS: '0', LIBRARY_SYNC_PROGRESS_INTERVAL_MS: '0', LIBRARY_AI_CHUNK_DELAY_MS: '0' };

async function subscribe(client: TestClient, events: string[], filters: Record<string, unknown> = {}) {
  const id = `sub_${Math.random().toString(36).slice(2)}`;
  client.send({ type: 'subscribe', data: { events, filters }, id });
  await client.next((f) => f.type === 'subscribed' && f.id === id);
}

/** Poll what a client can read until `done` holds (a bound for a loaded machine, not a figure). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (const giveUp = Date.now() + 60_000; !done(value) && Date.now() < giveUp; value = await read()) await new Promise((r) => setTimeout(r, 100));
  return value;
}

/**
 * A sync killed at `crashAt` with a client listening, restarted twice: first with a platform
 * so slow that the job cannot move on while the client reads (what it reads is what the crash
 * left plus what the job asks again for), then as usual, to let it finish.
 */
async function syncAcrossACrash(t: Test, crashAt: string) {
  const dataDir = dataDirOf(t);
  const crashing = await startServerProcess(dataDir, { ...ENV, CRASH_AT: crashAt }, CRASHING);
  t.teardown(() => crashing.stop());
  const auth = await bearer(crashing.url, 'lib-user');
  const library = await http(crashing.url, 'POST', '/api/libraries', { name: 'Shelf', platform: 'fixture' }, auth);
  t.equal(library.status, 201);
  const libraryId = library.body.library_id;
  const client = await librarySocket(crashing, auth);
  await subscribe(client, ['sync_progress'], { library_id: libraryId });
  const started = await http(crashing.url, 'POST', `/api/libraries/${libraryId}/sync`, { type: 'full' }, auth);
  t.equal(started.status, 202);
  const operationId = started.body.operation_id;
  await crashing.exited;
  await client.closed;
  t.equal(crashing.child.signalCode, 'SIGKILL', `the server was killed at ${crashAt}`);

  const progress = client.received.filter((f) => f?.type === 'sync_progress').map((f) => f.data);
  const announced = client.received.filter((f) => f?.type === 'game_added').map((f) => f.data.game.game_id as string);
  t.ok(progress.length > 0, `the client heard of the sync's progress (${progress.length} events)`);
  const heard = progress.at(-1)!;

  const slow = await restart(t, dataDir, { ...ENV, LIBRARY_FIXTURE_LATENCY_MS: '2000' });
  let auth2 = await bearer(slow.url, 'lib-user');
  const row = (await http(slow.url, 'GET', `/api/operations/${operationId}`, undefined, auth2)).body;
  t.ok(row.games_processed >= heard.games_processed, `the operation's counters are not behind what the client heard (${row.games_processed} >= ${heard.games_processed})`);
  t.ok(row.games_added >= heard.games_added, `nor its games added (${row.games_added} >= ${heard.games_added})`);
  const stored = await http(slow.url, 'GET', `/api/libraries/${libraryId}/games?limit=500`, undefined, auth2);
  const ids = new Set((stored.body.games as any[]).map((g) => g.game_id));
  t.same(announced.filter((id) => !ids.has(id)), [], `every game announced (${announced.length}) is in the library`);
  t.ok(stored.body.total >= heard.games_added, `the library holds at least the games counted (${stored.body.total} >= ${heard.games_added})`);
  await slow.stop();

  const server = await restart(t, dataDir, ENV);
  auth2 = await bearer(server.url, 'lib-user');
  const done = await until(
    async () => (await http(server.url, 'GET', `/api/operations/${operationId}`, undefined, auth2)).body,
    (op) => op.status === 'completed' || op.status === 'failed',
  );
  t.equal(done.status, 'completed', 'the sync runs to the end after the restart');
  const all = await http(server.url, 'GET', `/api/libraries/${libraryId}/games?limit=1`, undefined, auth2);
  t.equal(all.body.total, 198, 'with every game of the account in the library');
  t.match(done, { games_total: 198, games_processed: 198, games_added: 198, games_updated: 0 }, 'each counted once, as added');
}

t.test('kill -9 before a sync writes the game it is on: every game and counter the client heard of is kept, each game counted once', (t) =>
  syncAcrossACrash(t, 'before:library.saveGame#40'));

t.test('kill -9 after a game row is written, before the job hears so: asked again, counted once', (t) => syncAcrossACrash(t, 'commit-after:library.saveGame#40'));

// The 200th operation row of a 198-game sync announcing every game: start, listing, 197 games, then the finish.
t.test('kill -9 before the finished sync\'s row is written: its figures are the ones the client was told', (t) => syncAcrossACrash(t, 'before:library.updateOperation#200'));
