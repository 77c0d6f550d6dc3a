import type { Test } from 'tap';
import type { AchievementRecord, GameRecord, OperationUpdate, Store } from '../../../src/store/index.js';
import { withStore, type StoreFactory } from '../store-conformance.js';

const NOW = Date.UTC(2026, 5, 1);
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString();
const AT = '2026-06-01T00:00:00.000Z';

const achievement = (id: string, unlocked: boolean, rarity: number | null = 50): AchievementRecord => ({
  achievement_id: id,
  title: `Achievement ${id}`,
  description: `Do ${id}`,
  icon_url: null,
  rarity_percentage: rarity,
  points: 10,
  unlocked_at: unlocked ? daysAgo(30) : null,
});

const game = (id: string, extra: Partial<GameRecord> = {}): GameRecord => ({
  game_id: `g-${id}`,
  platform_game_id: `p-${id}`,
  title: id,
  developer: 'Studio',
  genres: ['RPG'],
  metacritic: 80,
  cover_image_url: null,
  release_year: 2020,
  total_playtime_minutes: 0,
  last_played_at: null,
  achievements: [],
  ...extra,
});

async function withLibrary(store: Store, id = 'lib-1', userId = 'ann', at = AT) {
  return store.library.createLibrary({ id, userId, name: `Library ${id}`, platform: 'fixture', account: `acct-${userId}`, at });
}

const progress = (id: string, libraryId: string, extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  id,
  library_id: libraryId,
  sync_type: 'full',
  status: 'in_progress',
  games_total: 10,
  games_processed: 4,
  games_added: 3,
  games_updated: 1,
  games_removed: 0,
  errors_count: 0,
  error_code: null,
  error_message: null,
  started_at: AT,
  finished_at: null,
  updated_at: AT,
  ...extra,
});

/** What the library session, its sync jobs and the assistant rely on. */
export async function libraryConformance(t: Test, open: StoreFactory) {
  t.test(
    'libraries are created, looked up and listed per user, oldest first',
    withStore(open, async (store, t) => {
      const created = await withLibrary(store, 'lib-b', 'ann', '2026-01-02T00:00:00.000Z');
      t.same(created, {
        library_id: 'lib-b',
        user_id: 'ann',
        name: 'Library lib-b',
        platform: 'fixture',
        platform_user_id: 'acct-ann',
        created_at: '2026-01-02T00:00:00.000Z',
        last_synced_at: null,
        last_full_sync_at: null,
        game_count: 0,
      });
      await withLibrary(store, 'lib-a', 'ann', '2026-01-01T00:00:00.000Z');
      await withLibrary(store, 'lib-bob', 'bob');
      t.same(await store.library.library('lib-b'), created);
      t.equal(await store.library.library('lib-none'), undefined);
      t.same((await store.library.libraries('ann')).map((l) => l.library_id), ['lib-a', 'lib-b']);
      t.same((await store.library.libraries('bob')).map((l) => l.library_id), ['lib-bob']);
      t.same(await store.library.libraries('nobody'), []);
    }),
  );

  t.test(
    'a saved game reads back whole; saving again updates it and drops achievements it no longer has',
    withStore(open, async (store, t) => {
      const repo = store.library;
      await withLibrary(store);
      const first = game('Hades', {
        genres: ['Roguelike', 'Action'],
        total_playtime_minutes: 120,
        last_played_at: daysAgo(3),
        achievements: [achievement('b', true), achievement('a', false, 12.5)],
      });
      await repo.saveGame('lib-1', first, AT);
      t.same(await repo.game('lib-1', 'p-Hades'), { ...first, achievements: [achievement('a', false, 12.5), achievement('b', true)] }, 'achievements come ordered by id');
      t.equal(await repo.game('lib-1', 'p-unknown'), null);
      t.equal((await repo.library('lib-1'))?.game_count, 1);
      t.same(await repo.knownGames('lib-1'), [{ game_id: 'g-Hades', platform_game_id: 'p-Hades', total_playtime_minutes: 120, last_played_at: daysAgo(3) }]);

      const second = { ...first, title: 'Hades (2020)', total_playtime_minutes: 300, achievements: [achievement('a', true, 12.5), achievement('c', false)] };
      await repo.saveGame('lib-1', second, AT);
      t.same(await repo.game('lib-1', 'p-Hades'), second);
      t.equal((await repo.library('lib-1'))?.game_count, 1, 'still one game');
    }),
  );

  t.test(
    'removing games forgets them and their achievements',
    withStore(open, async (store, t) => {
      const repo = store.library;
      await withLibrary(store);
      await repo.saveGame('lib-1', game('A', { achievements: [achievement('x', true)] }), AT);
      await repo.saveGame('lib-1', game('B'), AT);
      await repo.saveGame('lib-1', game('C'), AT);
      await repo.removeGames('lib-1', ['g-A', 'g-C', 'g-none']);
      t.same((await repo.knownGames('lib-1')).map((g) => g.game_id), ['g-B']);
      t.equal(await repo.game('lib-1', 'p-A'), null);
      t.same(await repo.achievementTotals(['lib-1']), { unlocked: 0, total: 0 });
      await repo.removeGames('lib-1', []);
      t.equal((await repo.library('lib-1'))?.game_count, 1);
    }),
  );

  t.test(
    'game queries filter, derive a status, sort and page',
    withStore(open, async (store, t) => {
      const repo = store.library;
      await withLibrary(store, 'lib-1');
      await withLibrary(store, 'lib-2');
      await repo.saveGame('lib-1', game('zeta', { genres: ['Strategy'], metacritic: 90 }), AT);
      await repo.saveGame('lib-1', game('Alpha', { genres: ['rpg', 'Action'], metacritic: null, total_playtime_minutes: 50, last_played_at: daysAgo(2) }), AT);
      await repo.saveGame('lib-1', game('beta', { metacritic: 70, total_playtime_minutes: 500, last_played_at: daysAgo(40) }), AT);
      await repo.saveGame('lib-1', game('Gamma 100%', { metacritic: 85, total_playtime_minutes: 10, last_played_at: daysAgo(100), achievements: [achievement('1', true), achievement('2', true)] }), AT);
      await repo.saveGame('lib-1', game('Gamma 100x', { metacritic: 60, total_playtime_minutes: 5, last_played_at: daysAgo(1), achievements: [achievement('1', true), achievement('2', false)] }), AT);
      await repo.saveGame('lib-2', game('Other', { game_id: 'g-other' }), AT);

      const all = await repo.games({ libraryIds: ['lib-1'], now: NOW });
      t.equal(all.total, 5);
      t.same(all.games.map((g) => g.title), ['Alpha', 'beta', 'Gamma 100%', 'Gamma 100x', 'zeta'], 'by title, case-insensitively, by default');
      t.same(
        Object.fromEntries(all.games.map((g) => [g.title, g.status])),
        { Alpha: 'playing', beta: 'played', 'Gamma 100%': 'completed', 'Gamma 100x': 'playing', zeta: 'unplayed' },
        'completed = every achievement; unplayed = no playtime; playing = within 14 days',
      );
      t.match(all.games.find((g) => g.title === 'Gamma 100x'), {
        game_id: 'g-Gamma 100x',
        library_id: 'lib-1',
        platform_game_id: 'p-Gamma 100x',
        developer: 'Studio',
        genres: ['RPG'],
        metacritic: 60,
        release_year: 2020,
        total_playtime_minutes: 5,
        achievements_unlocked: 1,
        achievements_total: 2,
        added_at: AT,
        updated_at: AT,
      });
      t.notOk('achievements' in all.games[0], 'rows carry counts, not achievements');

      const titles = async (query: Partial<Parameters<typeof repo.games>[0]>) =>
        (await repo.games({ libraryIds: ['lib-1'], now: NOW, ...query })).games.map((g) => g.title);
      t.same(await titles({ genres: ['RPG'] }), ['Alpha', 'beta', 'Gamma 100%', 'Gamma 100x'], 'genres match case-insensitively');
      t.same(await titles({ genres: ['strategy', 'action'] }), ['Alpha', 'zeta'], 'any of several genres');
      t.same(await titles({ statuses: ['playing', 'completed'] }), ['Alpha', 'Gamma 100%', 'Gamma 100x']);
      t.same(await titles({ minMetacritic: 85 }), ['Gamma 100%', 'zeta'], 'no score never passes a minimum');
      t.same(await titles({ text: 'GAMMA' }), ['Gamma 100%', 'Gamma 100x'], 'title text, case-insensitively');
      t.same(await titles({ text: '100%' }), ['Gamma 100%'], '% in the text is a literal');
      t.same(await titles({ text: 'a_p' }), [], '_ in the text is a literal');
      t.same(await titles({ sort: 'metacritic' }), ['zeta', 'Gamma 100%', 'beta', 'Gamma 100x', 'Alpha'], 'best score first, unscored last');
      t.same(await titles({ sort: 'playtime' }), ['beta', 'Alpha', 'Gamma 100%', 'Gamma 100x', 'zeta']);
      t.same(await titles({ sort: 'recent' }), ['Gamma 100x', 'Alpha', 'beta', 'Gamma 100%', 'zeta'], 'most recently played first, never played last');
      const page = await repo.games({ libraryIds: ['lib-1'], now: NOW, limit: 2, offset: 2 });
      t.same(page.games.map((g) => g.title), ['Gamma 100%', 'Gamma 100x']);
      t.equal(page.total, 5, 'the total ignores paging');
      const filtered = await repo.games({ libraryIds: ['lib-1'], now: NOW, statuses: ['playing'], limit: 1 });
      t.equal(filtered.total, 2, 'the total counts what the filters keep');
      t.same(await titles({ libraryIds: ['lib-1', 'lib-2'], text: 'other' }), ['Other'], 'several libraries at once');
      t.same(await repo.games({ libraryIds: [], now: NOW }), { games: [], total: 0 });
    }),
  );

  t.test(
    'totals by genre and achievement, and the easiest locked achievements',
    withStore(open, async (store, t) => {
      const repo = store.library;
      await withLibrary(store, 'lib-1');
      await withLibrary(store, 'lib-2');
      await repo.saveGame('lib-1', game('A', { genres: ['RPG', 'Action'], total_playtime_minutes: 100, achievements: [achievement('1', true), achievement('2', false, 5), achievement('3', false, 60), achievement('4', false, 30)] }), AT);
      await repo.saveGame('lib-1', game('B', { genres: ['RPG'], total_playtime_minutes: 30 }), AT);
      await repo.saveGame('lib-2', game('C', { genres: ['Puzzle'], total_playtime_minutes: 999, achievements: [achievement('1', true)] }), AT);
      t.same(await repo.genreTotals(['lib-1']), [
        { genre: 'RPG', games: 2, minutes: 130 },
        { genre: 'Action', games: 1, minutes: 100 },
      ]);
      t.same((await repo.genreTotals(['lib-1', 'lib-2'])).map((g) => g.genre), ['Puzzle', 'RPG', 'Action']);
      t.same(await repo.genreTotals([]), []);
      t.same(await repo.achievementTotals(['lib-1']), { unlocked: 1, total: 4 });
      t.same(await repo.achievementTotals(['lib-1', 'lib-2']), { unlocked: 2, total: 5 });
      t.same(await repo.achievementTotals([]), { unlocked: 0, total: 0 });
      t.same((await repo.lockedAchievements('g-A', 2)).map((a) => a.achievement_id), ['3', '4'], 'most common first');
      t.same(await repo.lockedAchievements('g-A', 1), [achievement('3', false, 60)]);
      t.same(await repo.lockedAchievements('g-C', 5), []);
    }),
  );

  t.test(
    'one active operation per library; progress is recorded; completion stamps the library',
    withStore(open, async (store, t) => {
      const repo = store.library;
      await withLibrary(store, 'lib-1');
      const first = await repo.createOperation({ id: 'op-1', libraryId: 'lib-1', userId: 'ann', type: 'full', at: AT });
      t.same(first, {
        created: true,
        operation: {
          operation_id: 'op-1',
          library_id: 'lib-1',
          user_id: 'ann',
          sync_type: 'full',
          status: 'pending',
          games_total: 0,
          games_processed: 0,
          games_added: 0,
          games_updated: 0,
          games_removed: 0,
          errors_count: 0,
          error_code: null,
          error_message: null,
          created_at: AT,
          started_at: null,
          finished_at: null,
          updated_at: AT,
        },
      });
      const again = await repo.createOperation({ id: 'op-2', libraryId: 'lib-1', userId: 'ann', type: 'incremental', at: AT });
      t.equal(again.created, false, 'a second sync of the same library is refused');
      t.equal(again.operation.operation_id, 'op-1', 'with the active one');
      t.equal(await repo.operation('op-2'), undefined);

      await repo.updateOperation(progress('op-1', 'lib-1', { status: 'rate_limited', error_code: 'RATE_LIMITED', error_message: 'slow down' }));
      t.match(await repo.operation('op-1'), { status: 'rate_limited', games_total: 10, games_processed: 4, games_added: 3, games_updated: 1, error_code: 'RATE_LIMITED', started_at: AT, user_id: 'ann', created_at: AT });
      t.same((await repo.unfinishedOperations()).map((o) => o.operation_id), ['op-1'], 'rate limited is still unfinished');
      t.equal((await repo.createOperation({ id: 'op-3', libraryId: 'lib-1', userId: 'ann', type: 'full', at: AT })).created, false);

      const done = '2026-06-01T01:00:00.000Z';
      await repo.updateOperation(progress('op-1', 'lib-1', { status: 'completed', finished_at: done, updated_at: done, error_code: null, error_message: null }));
      t.match(await repo.library('lib-1'), { last_synced_at: done, last_full_sync_at: done });
      t.same(await repo.unfinishedOperations(), []);

      const next = await repo.createOperation({ id: 'op-4', libraryId: 'lib-1', userId: 'ann', type: 'incremental', at: done });
      t.equal(next.created, true, 'a finished sync lets the next one start');
      const later = '2026-06-02T00:00:00.000Z';
      await repo.updateOperation(progress('op-4', 'lib-1', { sync_type: 'incremental', status: 'completed', finished_at: later, updated_at: later }));
      t.match(await repo.library('lib-1'), { last_synced_at: later, last_full_sync_at: done }, 'an incremental sync leaves the full-sync time');

      await withLibrary(store, 'lib-2');
      await repo.createOperation({ id: 'op-6', libraryId: 'lib-2', userId: 'ann', type: 'full', at: '2026-06-03T00:00:00.000Z' });
      await withLibrary(store, 'lib-3');
      await repo.createOperation({ id: 'op-5', libraryId: 'lib-3', userId: 'ann', type: 'full', at: '2026-06-02T12:00:00.000Z' });
      await repo.updateOperation(progress('op-5', 'lib-3', { status: 'failed', finished_at: later }));
      await withLibrary(store, 'lib-4');
      await repo.createOperation({ id: 'op-7', libraryId: 'lib-4', userId: 'ann', type: 'full', at: '2026-06-02T06:00:00.000Z' });
      t.same((await repo.unfinishedOperations()).map((o) => o.operation_id), ['op-7', 'op-6'], 'oldest first; failed ones are finished');
    }),
  );

  t.test(
    'conversations keep their messages in append order',
    withStore(open, async (store, t) => {
      const repo = store.library;
      t.equal(await repo.conversation('conv-1'), undefined);
      const base = { conversationId: 'conv-1', userId: 'ann', libraryId: null, messageId: null, toolsUsed: [] as string[] };
      await repo.appendMessage({ ...base, role: 'user', content: 'hello', at: '2026-06-01T00:00:00.000Z' });
      t.same(await repo.conversation('conv-1'), { id: 'conv-1', user_id: 'ann', library_id: null, created_at: '2026-06-01T00:00:00.000Z', updated_at: '2026-06-01T00:00:00.000Z' });
      await repo.appendMessage({ ...base, libraryId: 'lib-9', role: 'assistant', content: 'hi', messageId: 'm-2', toolsUsed: ['search_games'], at: '2026-06-01T00:00:01.000Z' });
      await repo.appendMessage({ ...base, role: 'user', content: 'more', at: '2026-06-01T00:00:02.000Z' });
      t.same(await repo.conversation('conv-1'), { id: 'conv-1', user_id: 'ann', library_id: 'lib-9', created_at: '2026-06-01T00:00:00.000Z', updated_at: '2026-06-01T00:00:02.000Z' }, 'a message without a library keeps the last one');
      t.same(await repo.recentMessages('conv-1', 10), [
        { role: 'user', content: 'hello', message_id: null, tools_used: [], created_at: '2026-06-01T00:00:00.000Z' },
        { role: 'assistant', content: 'hi', message_id: 'm-2', tools_used: ['search_games'], created_at: '2026-06-01T00:00:01.000Z' },
        { role: 'user', content: 'more', message_id: null, tools_used: [], created_at: '2026-06-01T00:00:02.000Z' },
      ]);
      t.same((await repo.recentMessages('conv-1', 2)).map((m) => m.content), ['hi', 'more'], 'the last ones, oldest first');
      t.same(await repo.recentMessages('conv-none', 5), []);
      await Promise.all(['a', 'b', 'c'].map((content) => repo.appendMessage({ ...base, conversationId: 'conv-2', role: 'user', content, at: AT })));
      t.same((await repo.recentMessages('conv-2', 5)).map((m) => m.content).sort(), ['a', 'b', 'c'], 'concurrent appends are all kept');
    }),
  );

  t.test(
    'the key/value table stores and overwrites strings',
    withStore(open, async (store, t) => {
      const repo = store.library;
      t.equal(await repo.kvGet('fixture-revision:x'), undefined);
      await repo.kvSet('fixture-revision:x', '1');
      await repo.kvSet('fixture-revision:y', 'other');
      await repo.kvSet('fixture-revision:x', '2');
      t.equal(await repo.kvGet('fixture-revision:x'), '2');
      t.equal(await repo.kvGet('fixture-revision:y'), 'other');
    }),
  );
}
