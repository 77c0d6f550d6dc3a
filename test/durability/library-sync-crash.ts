import type { Test } from 'tap';
import { http, type TestClient } from '../support/client.js';
import { createSqliteStore } from '../../src/store/index.js';
import { bearer, dataDirOf, librarySocket, restart } from './crash-support.js';
import { startServerProcess } from './server-process.js';

/**
 * A library sync killed at one of its row writes (a test helper). The sync's game and
 * operation rows are written by the library's I/O worker after the job's turn committed; the
 * server is killed with SIGKILL at `crashAt` (`crash-between.ts`) while a client listens to the
 * sync. What the crash left in the store is read before anything runs again (nothing the
 * client heard of may be missing or behind there), then the server is restarted on the same
 * DATA_DIR and the sync must finish with every game counted once, as the REST API shows.
 */

const CRASHING = 'test/durability/crash-between.ts';
// Every game announced (progress throttle 0), no platform latency: the crash lands mid-sync.
const ENV = { LIBRARY_FIXTURE_LATENCY_MS: '0', LIBRARY_SYNC_PROGRESS_INTERVAL_MS: '0' };
/** The fixture account's games (BASE_OWNED in the fixture adapter): a first full sync adds them all. */
const OWNED = 198;

async function subscribe(client: TestClient, events: string[], filters: Record<string, unknown> = {}) {
  const id = `sub_${Math.random().toString(36).slice(2)}`;
  client.send({ type: 'subscribe', data: { events, filters }, id });
  await client.next((f) => f.type === 'subscribed' && f.id === id);
}

/** Poll what a client can read until `done` holds (a bound for a loaded machine, not a figure). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (const giveUp = Date.now() + 90_000; !done(value) && Date.now() < giveUp; value = await read()) await new Promise((r) => setTimeout(r, 100));
  return value;
}

export async function syncAcrossACrash(t: Test, crashAt: string) {
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

  // What the crash left, before a restarted job could write anything.
  const store = await createSqliteStore(dataDir);
  const row = (await store.library.operation(operationId))!;
  const known = new Set((await store.library.knownGames(libraryId)).map((g) => g.game_id));
  await store.close();
  t.ok(row.games_processed >= heard.games_processed, `the operation's counters are not behind what the client heard (${row.games_processed} >= ${heard.games_processed})`);
  t.ok(row.games_added >= heard.games_added, `nor its games added (${row.games_added} >= ${heard.games_added})`);
  t.same(announced.filter((id) => !known.has(id)), [], `every game announced (${announced.length}) is in the library`);

  const server = await restart(t, dataDir, ENV);
  const again = await bearer(server.url, 'lib-user');
  const first = (await http(server.url, 'GET', `/api/operations/${operationId}`, undefined, again)).body;
  t.ok(first.games_processed >= heard.games_processed, 'nor after the restart');
  const done = await until(
    async () => (await http(server.url, 'GET', `/api/operations/${operationId}`, undefined, again)).body,
    (op) => op.status === 'completed' || op.status === 'failed',
  );
  t.equal(done.status, 'completed', 'the sync runs to the end after the restart');
  const all = await http(server.url, 'GET', `/api/libraries/${libraryId}/games?limit=1`, undefined, again);
  t.equal(all.body.total, OWNED, 'with every game of the account in the library');
  t.match(done, { games_total: OWNED, games_processed: OWNED, games_added: OWNED, games_updated: 0 }, 'each counted once, as added');
}
