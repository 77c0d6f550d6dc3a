import t from 'tap';
import { connect, http, type TestClient } from '../support/client.js';
import { startProcessCluster, type NodeProcess } from './node-processes.js';

const env = {
  // A few ms per platform call: the sync runs long enough to be seen running, and streams progress.
  LIBRARY_FIXTURE_LATENCY_MS: '4',
  LIBRARY_SYNC_PROGRESS_INTERVAL_MS: '15',
  LIBRARY_SYNC_RETRY_BASE_MS: '20',
  LIBRARY_AI_CHUNK_DELAY_MS: '0',
  RATE_LIMIT_PER_SEC: '1000',
  RATE_LIMIT_BURST: '1000',
};
const WAIT = 60_000;

async function tokenFor(node: NodeProcess, userId: string): Promise<string> {
  const res = await http(node.url, 'POST', '/api/auth/token', { user_id: userId });
  if (res.status !== 201) throw new Error(`token: ${res.status}`);
  return res.body.token;
}

const api = (node: NodeProcess, token: string) => ({
  get: (path: string) => http(node.url, 'GET', path, undefined, { authorization: `Bearer ${token}` }),
  post: (path: string, body: unknown = {}) => http(node.url, 'POST', path, body, { authorization: `Bearer ${token}` }),
});

async function watcher(node: NodeProcess, token: string, libraryId: string): Promise<TestClient> {
  const client = await connect(node.wsUrl(`/ws?token=${encodeURIComponent(token)}`));
  await client.next('connection_established', WAIT);
  await subscribe(client, libraryId);
  return client;
}

async function subscribe(client: TestClient, libraryId: string) {
  const id = `sub_${Math.random().toString(36).slice(2)}`;
  client.send({ type: 'subscribe', data: { events: ['sync_progress'], filters: { library_id: libraryId } }, id, timestamp: new Date().toISOString() });
  return client.next((f) => f?.type === 'subscribed' && f.id === id, WAIT);
}

const syncCount = async (node: NodeProcess) => (await http(node.url, 'GET', '/healthz')).body.actors.sync ?? 0;
const ofType = (c: TestClient, type: string) => c.received.filter((f) => f?.type === type);

t.test('cluster: a library sync whose actor is on one node, watched from a socket on the other, completes with consistent counts', async (t) => {
  const cluster = await startProcessCluster(t, env);
  if (!cluster) return;
  const a = await cluster.start('a');
  const b = await cluster.start('b');
  const ann = await tokenFor(a, 'ann');
  const created = await api(a, ann).post('/api/libraries', { name: 'Across nodes', platform: 'fixture' });
  t.equal(created.status, 201, 'a library is created on one node');
  const libraryId = created.body.library_id as string;
  const watch = await watcher(a, ann, libraryId);

  const start = await api(b, ann).post(`/api/libraries/${libraryId}/sync`, { type: 'full' });
  t.equal(start.status, 202, 'the sync is started on the other node');
  const operationId = start.body.operation_id;
  const started = await watch.next('sync_started', WAIT);
  t.match(started.data, { operation_id: operationId, library_id: libraryId, operation_type: 'full_sync' }, 'the socket on the first node hears it start');
  t.same([await syncCount(a), await syncCount(b)], [0, 1], 'its actor runs on the node that started it');
  const done = await watch.next('sync_completed', WAIT);
  const total = started.data.total_games_to_process;
  t.match(done.data, { operation_id: operationId, status: 'completed', games_processed: total, games_added: total, games_updated: 0, errors_count: 0 }, 'completed, every game processed');
  const progress = ofType(watch, 'sync_progress').map((f) => f.data);
  t.ok(progress.length >= 2, 'progress streamed across nodes');
  t.same(progress.map((p) => p.games_processed), [...progress.map((p) => p.games_processed)].sort((x, y) => x - y), 'progress never goes backwards');
  t.match(progress.at(-1), { status: 'completed', progress_percentage: 100, games_processed: total, games_total: total }, 'the last progress is the whole library');
  t.equal(new Set(ofType(watch, 'game_added').map((f) => f.data.game.game_id)).size, total, 'every game announced once, none twice');
  t.equal(ofType(watch, 'game_added').length, total, 'as many game_added as games');
  for (const node of [a, b]) {
    const games = await api(node, ann).get(`/api/libraries/${libraryId}/games?limit=1`);
    t.equal(games.body.total, total, `node ${node.id} lists every game`);
    const op = await api(node, ann).get(`/api/operations/${operationId}`);
    t.match(op.body, { status: 'completed', games_processed: total, games_added: total }, `node ${node.id} reports the operation completed`);
  }

  // The node that ran the sync dies: the watching socket stays, a new subscribe is answered, and the next sync
  // (placed on the survivor) reaches it.
  await b.crash();
  const again = await subscribe(watch, libraryId);
  t.match(again.data, { events: Array, filters: { library_id: [libraryId] } }, 'a second subscribe after the failover is answered');
  const mark = watch.received.length;
  const next = await api(a, ann).post(`/api/libraries/${libraryId}/sync`, { type: 'incremental' });
  t.equal(next.status, 202, 'a new sync starts on the survivor');
  const incDone = await watch.next((f) => f?.type === 'sync_completed' && f.data.operation_id === next.body.operation_id, WAIT);
  t.equal(incDone.data.errors_count, 0, 'and completes');
  t.ok(watch.received.slice(mark).some((f) => f?.type === 'sync_started'), 'its start was heard');
  t.same(ofType(watch, 'error'), [], 'the watcher saw no error');
  await watch.close();
});
