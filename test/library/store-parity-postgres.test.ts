import t from 'tap';
import { loadCatalogue } from '../../src/sessions/library/adapters/fixture-adapter.js';
import { createTools } from '../../src/sessions/library/assistant/tools.js';
import { createPostgresStore, createSqliteStore, type GameQuery, type GameStatus, type Store } from '../../src/store/index.js';
import { FIXTURE_NOW as NOW, fixtureRecords as recordsOf } from '../support/fixture-library.js';
import { requirePostgres, startPostgres } from '../support/postgres.js';

const AT = new Date(NOW).toISOString();

async function fill(store: Store) {
  await store.library.createLibrary({ id: 'ann-1', userId: 'ann', name: 'Main', platform: 'fixture', account: 'a1', at: AT });
  await store.library.createLibrary({ id: 'ann-2', userId: 'ann', name: 'Old', platform: 'fixture', account: 'a2', at: AT });
  for (const record of recordsOf(1, 1)) await store.library.saveGame('ann-1', record, AT);
  for (const record of recordsOf(2, 0.4)) await store.library.saveGame('ann-2', record, AT);
}

t.test('library: filters, paging and the assistant tools answer the same on SQLite and PostgreSQL (231-game fixture)', async (t) => {
  if (!requirePostgres(t)) return;
  const pg = await startPostgres(t);
  const sqlite = await createSqliteStore(':memory:');
  const postgres = await createPostgresStore({ url: await pg.createDatabase() });
  t.teardown(async () => {
    await sqlite.close();
    await postgres.close();
  });
  await fill(sqlite);
  await fill(postgres);
  t.equal(loadCatalogue().length, 231, 'the whole fixture catalogue');

  const genres = [...new Set(loadCatalogue().flatMap((g) => g.genres))];
  const statuses: GameStatus[][] = [[], ['unplayed'], ['playing'], ['played'], ['completed'], ['playing', 'completed']];
  const queries: Omit<GameQuery, 'now'>[] = [];
  for (const libraryIds of [['ann-1'], ['ann-1', 'ann-2']])
    for (const sort of ['title', 'metacritic', 'playtime', 'recent'] as const)
      for (const status of statuses)
        queries.push({ libraryIds, sort, statuses: status, limit: 20, offset: 0 }, { libraryIds, sort, statuses: status, limit: 20, offset: 40 });
  for (const genre of genres) queries.push({ libraryIds: ['ann-1', 'ann-2'], genres: [genre.toUpperCase()], limit: 500 });
  for (const minMetacritic of [0, 60, 75, 85, 90, 95]) queries.push({ libraryIds: ['ann-1'], minMetacritic, sort: 'metacritic', limit: 30, offset: 10 });
  for (const text of ['the', 'OF', '2', 'x', '%', '_', 'zzz']) queries.push({ libraryIds: ['ann-1', 'ann-2'], text, limit: 500 });
  queries.push({ libraryIds: ['ann-1', 'ann-2'], genres: ['rpg', 'strategy'], statuses: ['played'], minMetacritic: 70, sort: 'playtime', limit: 7, offset: 3 });

  let differing = 0;
  for (const query of queries) {
    const [a, b] = await Promise.all([sqlite.library.games({ ...query, now: NOW }), postgres.library.games({ ...query, now: NOW })]);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      differing++;
      t.same(b, a, `games(${JSON.stringify(query)})`);
    }
  }
  t.equal(differing, 0, `${queries.length} game queries answer the same`);
  const some = await sqlite.library.games({ libraryIds: ['ann-1'], limit: 500, now: NOW });
  t.ok(new Set(some.games.map((g) => g.status)).size === 4, 'the fixture has games of every status');

  t.same(await postgres.library.genreTotals(['ann-1', 'ann-2']), await sqlite.library.genreTotals(['ann-1', 'ann-2']), 'genre totals');
  t.same(await postgres.library.achievementTotals(['ann-1']), await sqlite.library.achievementTotals(['ann-1']), 'achievement totals');

  const tools = { sqlite: createTools(sqlite.library, () => NOW), postgres: createTools(postgres.library, () => NOW) };
  for (const scope of [{ userId: 'ann', libraryId: null }, { userId: 'ann', libraryId: 'ann-2' }]) {
    const both = async <R>(call: (tools: ReturnType<typeof createTools>) => Promise<R>) => [await call(tools.sqlite), await call(tools.postgres)] as const;
    const label = scope.libraryId ?? 'all libraries';
    const [statsA, statsB] = await both((x) => x.get_library_stats(scope));
    t.same(statsB, statsA, `get_library_stats (${label})`);
    for (const params of [{}, { genres: ['Action'], sort: 'recent' as const }, { query: 'war', status_filter: ['played' as const] }, { rating_filter: { min_metacritic: 80 }, limit: 25 }]) {
      const [a, b] = await both((x) => x.search_games(scope, params));
      t.same(b, a, `search_games ${JSON.stringify(params)} (${label})`);
    }
    const [recA, recB] = await both((x) => x.get_recommendations(scope, { limit: 10 }));
    t.same(recB, recA, `get_recommendations (${label})`);
    const [progA, progB] = await both((x) => x.get_achievement_progress(scope, { limit: 10 }));
    t.same(progB, progA, `get_achievement_progress (${label})`);
    const [titlesA, titlesB] = await both((x) => x.titles(scope));
    t.same(titlesB, titlesA, `titles (${label})`);
  }
});
