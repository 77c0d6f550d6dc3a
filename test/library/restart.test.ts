import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, connectLibrary, createLibrary, startLibraryServer, subscribeTo, tokenFor } from './helpers.js';

t.test('library restart: a sync interrupted by a server restart resumes and nothing is lost', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'library-restart-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { LIBRARY_FIXTURE_LATENCY_MS: '4', JWT_SECRET: 'restart-secret' };

  const first = await startLibraryServer(env, { dataDir });
  const token = await tokenFor(first, 'ann');
  const library = await createLibrary(first, token);
  const client = await connectLibrary(first, token);
  await subscribeTo(client, ['sync_progress', 'ai_chat']);
  // A conversation before the restart.
  client.send({ type: 'ai_chat_message', data: { message: 'What should I play next?', context: { conversation_id: 'conv_keep' } }, id: 'before' });
  await client.next((f) => f.id === 'before' && f.type === 'ai_chat_response_complete');
  const start = await api(first, token).post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  const operationId = start.body.operation_id;
  await client.next((f) => f.type === 'sync_progress' && f.data.games_processed >= 30, 15_000);
  await first.close({ keepData: true });
  const closed = await client.closed;
  t.equal(closed.code, 1001, 'the socket is closed with 1001 (going away)');

  const second = await startLibraryServer(env, { dataDir });
  t.teardown(() => second.close());
  const mid = await api(second, token).get(`/api/operations/${operationId}`);
  t.ok(['in_progress', 'completed'].includes(mid.body.status), `the operation survived the restart (${mid.body.status})`);
  const again = await connectLibrary(second, token);
  t.teardown(() => again.close());
  await subscribeTo(again, ['sync_progress']);
  const done = await again.next((f) => f.type === 'sync_completed' && f.data.operation_id === operationId, 20_000);
  t.match(done.data, { status: 'completed', games_processed: 198, games_added: 198, errors_count: 0 });
  const games = await api(second, token).get(`/api/libraries/${library.library_id}/games?limit=500`);
  t.equal(games.body.total, 198, 'every game is stored exactly once');
  t.equal(new Set(games.body.games.map((g: any) => g.platform_game_id)).size, 198);
  t.match((await api(second, token).get(`/api/operations/${operationId}`)).body, { status: 'completed', games_added: 198 });
  const libs = await api(second, token).get('/api/libraries');
  t.match(libs.body.libraries[0], { library_id: library.library_id, game_count: 198, last_full_sync_at: String });

  // The conversation kept its history and carries on.
  const history = await api(second, token).get('/api/conversations/conv_keep');
  t.equal(history.body.messages.length, 2);
  again.send({ type: 'ai_chat_message', data: { message: 'Give me my library stats', context: { conversation_id: 'conv_keep' } }, id: 'after' });
  const answer = await again.next((f) => f.id === 'after' && f.type === 'ai_chat_response_complete');
  t.match(answer.data.full_message, /198 games across 1 library/);
  t.equal((await api(second, token).get('/api/conversations/conv_keep')).body.messages.length, 4);

  // An incremental sync after the restart sees only the simulated player's new session.
  const inc = await api(second, token).post(`/api/libraries/${library.library_id}/sync`, { type: 'incremental' });
  const incDone = await again.next((f) => f.type === 'sync_completed' && f.data.operation_id === inc.body.operation_id, 10_000);
  t.equal(incDone.data.games_added, 1);
  t.ok(incDone.data.games_processed <= 6);
});
