import t from 'tap';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSteamAdapter } from '../../src/sessions/library/adapters/steam-adapter.js';
import { PlatformError } from '../../src/sessions/library/adapters/platform-adapter.js';
import { api, connectLibrary, createLibrary, startLibraryServer, subscribeTo, tokenFor, invalidFrames } from './helpers.js';

const STEAM_ID = '76561197960287930';
const KEY = 'test-steam-key';

/** A local server that answers like the Steam Web API and store, with scriptable 429/503. */
function fakeSteam() {
  const games = [
    { appid: 292030, name: 'The Witcher 3: Wild Hunt', playtime_forever: 7620, rtime_last_played: 1721505600 },
    { appid: 620, name: 'Portal 2', playtime_forever: 0, rtime_last_played: 0 },
    { appid: 4000, name: "Garry's Mod", playtime_forever: 300, rtime_last_played: 1700000000 },
  ];
  const schema: Record<number, any[]> = {
    292030: [
      { name: 'PROFESSIONAL', displayName: 'Geralt: The Professional', description: 'Complete 10 Witcher contracts', icon: 'https://example.com/ach_icon.jpg', hidden: 0 },
      { name: 'LEGEND', displayName: 'Legend', description: 'Finish the game', icon: 'abc123', hidden: 0 },
    ],
    620: [{ name: 'WAKE_UP', displayName: 'Wake Up Call', description: 'Survive the manual override', icon: 'w1' }],
    4000: [],
  };
  const unlocked: Record<number, { apiname: string; achieved: number; unlocktime: number }[]> = {
    292030: [
      { apiname: 'PROFESSIONAL', achieved: 1, unlocktime: 1721510100 },
      { apiname: 'LEGEND', achieved: 0, unlocktime: 0 },
    ],
  };
  const script: { path: string; status: number; headers?: Record<string, string> }[] = [];
  const calls: string[] = [];
  let privateProfile = false;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    calls.push(url.pathname);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const scripted = script.findIndex((s) => url.pathname.includes(s.path));
    if (scripted !== -1) {
      const [s] = script.splice(scripted, 1);
      return send(s.status, s.status === 429 ? {} : { error: 'unavailable' }, s.headers);
    }
    if (url.pathname.startsWith('/api/appdetails')) {
      const id = url.searchParams.get('appids')!;
      if (id === '4000') return send(200, { [id]: { success: false } });
      return send(200, {
        [id]: {
          success: true,
          data: {
            name: games.find((g) => String(g.appid) === id)!.name,
            developers: id === '292030' ? ['CD PROJEKT RED'] : ['Valve'],
            genres: id === '292030' ? [{ id: '3', description: 'RPG' }] : [{ id: '9', description: 'Puzzle' }],
            metacritic: { score: id === '292030' ? 93 : 95 },
            header_image: `https://cdn.example/${id}.jpg`,
            release_date: { date: id === '292030' ? '18 May, 2015' : '18 Apr, 2011' },
          },
        },
      });
    }
    if (url.searchParams.get('key') !== KEY && !url.pathname.includes('GetGlobalAchievementPercentagesForApp')) return send(403, {});
    const appid = Number(url.searchParams.get('appid') ?? url.searchParams.get('gameid'));
    if (url.pathname === '/IPlayerService/GetOwnedGames/v1/') {
      if (privateProfile) return send(200, { response: {} });
      return send(200, { response: { game_count: games.length, games: games.map((g) => ({ ...g, img_icon_url: 'x' })) } });
    }
    if (url.pathname === '/ISteamUserStats/GetSchemaForGame/v2/') {
      const list = schema[appid];
      return send(200, { game: list?.length ? { gameName: 'x', availableGameStats: { achievements: list } } : { gameName: 'x' } });
    }
    if (url.pathname === '/ISteamUserStats/GetPlayerAchievements/v1/') {
      if (!unlocked[appid]) return send(400, { playerstats: { error: 'Requested app has no stats', success: false } });
      return send(200, { playerstats: { steamID: STEAM_ID, gameName: 'x', achievements: unlocked[appid], success: true } });
    }
    if (url.pathname === '/ISteamUserStats/GetGlobalAchievementPercentagesForApp/v2/') {
      return send(200, { achievementpercentages: { achievements: (schema[appid] ?? []).map((a, i) => ({ name: a.name, percent: i === 0 ? '23.4' : 5.25 })) } });
    }
    send(404, {});
  });
  return {
    games,
    unlocked,
    script,
    calls,
    setPrivate: (v: boolean) => (privateProfile = v),
    async listen() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

t.test('steam adapter: owned games, achievements with rarity and store metadata', async (t) => {
  const fake = fakeSteam();
  const base = await fake.listen();
  t.teardown(() => fake.close());
  const steam = createSteamAdapter({ apiKey: KEY, baseUrl: base, storeBaseUrl: base, timeoutMs: 2000 });
  const owned = await steam.listOwnedGames(STEAM_ID);
  t.same(owned[0], { platform_game_id: '292030', title: 'The Witcher 3: Wild Hunt', playtime_minutes: 7620, last_played_at: '2024-07-20T20:00:00.000Z' });
  t.equal(owned[1].last_played_at, null);
  const witcher = await steam.getGameDetails(STEAM_ID, owned[0]);
  t.match(witcher, { title: 'The Witcher 3: Wild Hunt', developer: 'CD PROJEKT RED', genres: ['RPG'], metacritic: 93, release_year: 2015, total_playtime_minutes: 7620 });
  t.same(witcher.achievements[0], {
    achievement_id: 'PROFESSIONAL', title: 'Geralt: The Professional', description: 'Complete 10 Witcher contracts',
    icon_url: 'https://example.com/ach_icon.jpg', rarity_percentage: 23.4, points: null, unlocked_at: '2024-07-20T21:15:00.000Z',
  });
  t.match(witcher.achievements[1], { achievement_id: 'LEGEND', unlocked_at: null, rarity_percentage: 5.3, icon_url: /\/apps\/292030\/abc123\.jpg$/ });
  const portal = await steam.getGameDetails(STEAM_ID, owned[1]);
  t.same(portal.achievements.map((a) => a.unlocked_at), [null], '"Requested app has no stats" means nothing unlocked');
  const gmod = await steam.getGameDetails(STEAM_ID, owned[2]);
  t.match(gmod, { achievements: [], developer: null, genres: [] }, 'missing store data is not an error');

  fake.script.push({ path: 'GetOwnedGames', status: 429, headers: { 'retry-after': '120' } });
  const limited = await steam.listOwnedGames(STEAM_ID).catch((e) => e);
  t.ok(limited instanceof PlatformError && limited.kind === 'rate_limited' && limited.details.retryAfterSec === 120);
  fake.script.push({ path: 'GetOwnedGames', status: 503 });
  const unavailable = await steam.listOwnedGames(STEAM_ID).catch((e) => e);
  t.match(unavailable, { kind: 'transient', message: /503/ });
  fake.setPrivate(true);
  t.match(await steam.listOwnedGames(STEAM_ID).catch((e) => e), { kind: 'auth', message: /private/ });
  const wrongKey = createSteamAdapter({ apiKey: 'nope', baseUrl: base, storeBaseUrl: base, timeoutMs: 2000 });
  t.match(await wrongKey.listOwnedGames(STEAM_ID).catch((e) => e), { kind: 'auth' });
  const unconfigured = createSteamAdapter({ apiKey: '', baseUrl: base, storeBaseUrl: base, timeoutMs: 2000 });
  t.match(await unconfigured.listOwnedGames(STEAM_ID).catch((e) => e), { kind: 'not_configured' });
});

t.test('steam sync: a library syncs end to end through 429 and 503, then incrementally', async (t) => {
  const fake = fakeSteam();
  const base = await fake.listen();
  t.teardown(() => fake.close());
  const srv = await startLibraryServer({ STEAM_API_KEY: KEY, STEAM_API_BASE_URL: base, STEAM_STORE_BASE_URL: base });
  t.teardown(() => srv.close());
  const token = await tokenFor(srv, 'ann');
  t.equal((await api(srv, token).post('/api/libraries', { name: 'Steam', platform: 'steam' })).status, 400, 'a steam library needs a SteamID');
  const library = await createLibrary(srv, token, 'My Steam Library', 'steam', { platform_user_id: STEAM_ID });
  const client = await connectLibrary(srv, token);
  await subscribeTo(client, ['sync_progress']);
  fake.script.push({ path: 'GetPlayerAchievements', status: 429, headers: { 'retry-after': '1' } });
  fake.script.push({ path: 'GetSchemaForGame', status: 503 });
  await api(srv, token).post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  t.match((await client.next('sync_started')).data, { library_name: 'My Steam Library', total_games_to_process: 3 });
  t.match((await client.next('sync_rate_limited')).data, { platform: 'steam', retry_after_seconds: 1, auto_resume: true });
  const done = await client.next('sync_completed', 10_000);
  t.match(done.data, { games_processed: 3, games_added: 3, errors_count: 0 });
  const rpg = await api(srv, token).get(`/api/libraries/${library.library_id}/games?genre=RPG`);
  t.match(rpg.body.games, [{ title: 'The Witcher 3: Wild Hunt', metacritic: 93, total_playtime_minutes: 7620, achievements_unlocked: 1, achievements_total: 2 }]);

  // The player finishes the Witcher: an incremental sync looks at it alone.
  fake.games[0].playtime_forever = 7680;
  fake.games[0].rtime_last_played = 1721509200;
  fake.unlocked[292030][1] = { apiname: 'LEGEND', achieved: 1, unlocktime: 1721509000 };
  await api(srv, token).post(`/api/libraries/${library.library_id}/sync`, { type: 'incremental' });
  const updated = await client.next('game_updated', 10_000);
  t.same(updated.data.changes.total_playtime_minutes, { old: 7620, new: 7680 });
  t.same(updated.data.changes.last_played_at, { old: '2024-07-20T20:00:00.000Z', new: '2024-07-20T21:00:00.000Z' });
  const unlocked = await client.next('achievement_unlocked');
  t.match(unlocked.data, { library_id: library.library_id, game_title: 'The Witcher 3: Wild Hunt', achievement: { achievement_id: 'LEGEND', title: 'Legend', description: 'Finish the game', rarity_percentage: 5.3 }, unlocked_at: '2024-07-20T20:56:40.000Z' });
  const inc = await client.next('sync_completed');
  t.match(inc.data, { games_processed: 1, games_added: 0, games_updated: 1, summary: { updated_games: [{ title: 'The Witcher 3: Wild Hunt', changes: ['playtime_updated', 'achievement_unlocked'] }] } });
  t.same(invalidFrames(client), [], 'every frame client received matches its codec');
  await client.close();
});
