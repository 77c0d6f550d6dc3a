import t from 'tap';
import { api, connectLibrary, createLibrary, ofType, settle, startLibraryServer, subscribeTo, tokenFor, invalidFrames } from './helpers.js';

t.test('library sync: a full then an incremental sync, heard through subscriptions and filters', async (t) => {
  const srv = await startLibraryServer();
  t.teardown(() => srv.close());
  const ann = await tokenFor(srv, 'ann');
  const bob = await tokenFor(srv, 'bob');
  const library = await createLibrary(srv, ann);
  const other = await createLibrary(srv, ann, 'Second library');

  const a = await connectLibrary(srv, ann);
  const sub = await subscribeTo(a, ['sync_progress', 'ai_chat', 'notifications'], { library_id: library.library_id });
  t.ok(sub.data.events.includes('game_added'), 'the sync_progress group covers game events');
  t.same(sub.data.filters.library_id, [library.library_id]);
  const rpgOnly = await connectLibrary(srv, ann);
  await subscribeTo(rpgOnly, ['game_added'], { game_genres: ['rpg'] });
  const otherLibrary = await connectLibrary(srv, ann);
  await subscribeTo(otherLibrary, ['sync_progress'], { library_id: other.library_id });
  const unsubscribed = await connectLibrary(srv, ann);
  const stranger = await connectLibrary(srv, bob);
  await subscribeTo(stranger, ['sync_progress', 'notifications']);

  const start = await api(srv, ann).post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  t.equal(start.status, 202);
  const operationId = start.body.operation_id;
  const started = await a.next('sync_started');
  t.match(started.data, { operation_id: operationId, library_id: library.library_id, library_name: 'My Fixture Library', operation_type: 'full_sync', total_games_to_process: 198 });
  t.type(started.data.estimated_duration_minutes, 'number');
  t.match(started.timestamp, /^\d{4}-\d\d-\d\dT/);
  const completed = await a.next('sync_completed', 60_000);
  t.match(completed.data, { operation_id: operationId, status: 'completed', games_processed: 198, games_added: 198, games_updated: 0, games_removed: 0, errors_count: 0 });
  t.equal(completed.data.summary.new_games.length, 50, 'the summary lists at most LIBRARY_SYNC_SUMMARY_MAX new games');
  t.match(completed.data.summary.new_games[0], { title: String, game_id: /^[0-9a-f-]{36}$/ });

  const progress = ofType(a, 'sync_progress');
  t.ok(progress.length >= 2, 'progress is reported while syncing');
  const last = progress[progress.length - 1].data;
  t.match(last, { operation_id: operationId, status: 'completed', progress_percentage: 100, games_processed: 198, games_total: 198, games_added: 198, errors_count: 0 });
  t.match(progress[0].data, { status: 'in_progress', current_game: { title: String, platform_game_id: String }, rate_per_minute: Number });
  const percentages = progress.map((p) => p.data.progress_percentage);
  t.same(percentages, [...percentages].sort((x, y) => x - y), 'progress never goes backwards');
  t.equal(ofType(a, 'game_added').length, 198, 'every new game is announced once');
  const added = ofType(a, 'game_added')[0].data;
  t.match(added, { library_id: library.library_id, source: 'sync_operation', operation_id: operationId, game: { game_id: String, title: String, developer: String, cover_image_url: /^https:/ } });

  for (const c of [rpgOnly, otherLibrary, unsubscribed, stranger]) await settle(c);
  const rpgs = ofType(rpgOnly, 'game_added');
  t.ok(rpgs.length > 10 && rpgs.length < 198, `the genre filter keeps only RPGs (${rpgs.length})`);
  t.ok(rpgs.every((f) => f.data.game.genres.includes('RPG')));
  t.equal(ofType(rpgOnly, 'sync_progress').length, 0, 'only subscribed event types arrive');
  t.equal(otherLibrary.received.filter((f) => f.type.startsWith('sync_') || f.type.startsWith('game_')).length, 0, 'the library filter keeps other libraries out');
  t.same(unsubscribed.received.map((f) => f.type), ['connection_established', 'pong'], 'a socket that subscribed to nothing hears only its own replies');
  t.equal(stranger.received.filter((f) => f.type.startsWith('sync_') || f.type.startsWith('game_')).length, 0, "another user never hears this user's library");

  const games = await api(srv, ann).get(`/api/libraries/${library.library_id}/games?limit=500`);
  t.equal(games.status, 200);
  t.equal(games.body.total, 198);
  const rpgUnplayed = await api(srv, ann).get(`/api/libraries/${library.library_id}/games?genre=RPG&status=unplayed&min_rating=80`);
  t.ok(rpgUnplayed.body.games.every((g: any) => g.genres.includes('RPG') && g.status === 'unplayed' && g.metacritic >= 80 && g.total_playtime_minutes === 0));
  const libraries = await api(srv, ann).get('/api/libraries');
  t.match(libraries.body.libraries.find((l: any) => l.library_id === library.library_id), { game_count: 198, last_synced_at: String, last_full_sync_at: String });
  const op = await api(srv, ann).get(`/api/operations/${operationId}`);
  t.match(op.body, { operation_id: operationId, status: 'completed', games_processed: 198, games_added: 198 });

  // The simulated player played a few games and bought one: an incremental sync finds just that.
  const mark = a.received.length;
  const inc = await api(srv, ann).post(`/api/libraries/${library.library_id}/sync`, { type: 'incremental' });
  t.equal(inc.status, 202);
  const incStarted = await a.next('sync_started');
  t.equal(incStarted.data.operation_type, 'incremental_sync');
  t.ok(incStarted.data.total_games_to_process >= 2 && incStarted.data.total_games_to_process <= 6, `only changed games are looked at (${incStarted.data.total_games_to_process})`);
  const incDone = await a.next('sync_completed', 10_000);
  t.equal(incDone.data.games_added, 1, 'the new purchase is added');
  t.ok(incDone.data.games_updated >= 1, 'played games are updated');
  t.equal(incDone.data.games_added + incDone.data.games_updated, incStarted.data.total_games_to_process);
  t.equal(ofType(a, 'game_added').length, 199, 'no known game is announced again');
  const updated = a.received.slice(mark).filter((f) => f.type === 'game_updated');
  t.equal(updated.length, incDone.data.games_updated);
  const change = updated[0].data.changes.total_playtime_minutes;
  t.ok(change && change.new > change.old, 'game_updated carries old and new playtime');
  t.match(updated[0].data, { library_id: library.library_id, game_id: String, source: 'sync_operation' });
  t.ok(incDone.data.summary.updated_games.every((u: any) => u.changes.includes('playtime_updated')));
  const afterInc = await api(srv, ann).get(`/api/libraries/${library.library_id}/games?limit=1`);
  t.equal(afterInc.body.total, 199);

  t.same(invalidFrames(a), [], 'every frame a received matches its codec');
  t.same(invalidFrames(rpgOnly), [], 'every frame rpgOnly received matches its codec');
  for (const c of [a, rpgOnly, otherLibrary, unsubscribed, stranger]) await c.close();
});
