import type { AchievementRecord, GameDetails, OwnedGame } from '../../../../machines/library/game-records.js';
import { parseRetryAfter, PlatformError, type PlatformAdapter } from './platform-adapter.js';

/**
 * The Steam Web API: owned games (IPlayerService/GetOwnedGames), the game's achievement
 * schema (ISteamUserStats/GetSchemaForGame), the player's achievements
 * (ISteamUserStats/GetPlayerAchievements), global rarity
 * (ISteamUserStats/GetGlobalAchievementPercentagesForApp) and store metadata (genres,
 * developer, Metacritic: store `api/appdetails`). Base URLs are configurable so tests run
 * against a local server answering like the real one, 429 and 503 included.
 */
export interface SteamOptions {
  apiKey: string;
  baseUrl: string;
  storeBaseUrl: string;
  timeoutMs: number;
  now?: () => number;
}

const iconUrl = (appid: string, hash: string | undefined) =>
  hash ? (hash.startsWith('http') ? hash : `https://media.steampowered.com/steamcommunity/public/images/apps/${appid}/${hash}.jpg`) : null;

export function createSteamAdapter(options: SteamOptions): PlatformAdapter {
  const now = options.now ?? Date.now;
  const api = options.baseUrl.replace(/\/+$/, '');
  const store = options.storeBaseUrl.replace(/\/+$/, '');

  async function get(url: string, { allow = [] as number[] } = {}): Promise<{ status: number; body: any }> {
    if (!options.apiKey) throw new PlatformError('not_configured', 'Steam is not configured on this server (STEAM_API_KEY is unset)');
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), headers: { accept: 'application/json' } });
    } catch (error) {
      throw new PlatformError('transient', `Steam API could not be reached: ${(error as Error).message}`);
    }
    const text = await response.text().catch(() => '');
    const { status } = response;
    if (status === 429) {
      const retry = parseRetryAfter(response.headers.get('retry-after'), now(), 60);
      throw new PlatformError('rate_limited', 'Steam API returned 429 Too Many Requests', {
        status,
        retryAfterSec: retry,
        requestsRemaining: Number(response.headers.get('x-ratelimit-remaining') ?? 0) || 0,
        windowResetAt: new Date(now() + retry * 1000).toISOString(),
      });
    }
    if (!response.ok && !allow.includes(status)) {
      if (status === 401 || status === 403) throw new PlatformError('auth', `Steam API returned ${status} ${response.statusText || 'Forbidden'}`, { status });
      if (status === 404) throw new PlatformError('not_found', `Steam API returned 404 Not Found`, { status });
      if (status >= 500) throw new PlatformError('transient', `Steam API returned ${status} ${response.statusText || 'Service Unavailable'}`, { status });
      throw new PlatformError('permanent', `Steam API returned ${status}`, { status });
    }
    try {
      return { status, body: text ? JSON.parse(text) : {} };
    } catch {
      throw new PlatformError('transient', 'Steam API returned a response that is not JSON');
    }
  }

  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

  return {
    platform: 'steam',

    async listOwnedGames(steamId) {
      const { body } = await get(`${api}/IPlayerService/GetOwnedGames/v1/?${q({ key: options.apiKey, steamid: steamId, include_appinfo: '1', include_played_free_games: '1', format: 'json' })}`);
      const response = body?.response;
      // A private profile answers 200 with an empty `response`.
      if (!response || !Array.isArray(response.games)) {
        if (response && response.game_count === 0) return [];
        throw new PlatformError('auth', 'Steam returned no games: the profile or its game details are private');
      }
      return response.games.map((g: any): OwnedGame => ({
        platform_game_id: String(g.appid),
        title: String(g.name ?? `App ${g.appid}`),
        playtime_minutes: Number(g.playtime_forever ?? 0),
        last_played_at: g.rtime_last_played ? new Date(Number(g.rtime_last_played) * 1000).toISOString() : null,
      }));
    },

    async getGameDetails(steamId, game) {
      const appid = game.platform_game_id;
      const schema = await get(`${api}/ISteamUserStats/GetSchemaForGame/v2/?${q({ key: options.apiKey, appid, l: 'english' })}`, { allow: [400, 403] });
      const defs: any[] = schema.body?.game?.availableGameStats?.achievements ?? [];
      let achievements: AchievementRecord[] = [];
      if (defs.length > 0) {
        const player = await get(`${api}/ISteamUserStats/GetPlayerAchievements/v1/?${q({ key: options.apiKey, steamid: steamId, appid, l: 'english' })}`, { allow: [400] });
        const stats = player.body?.playerstats;
        if (player.status === 400 && stats?.success === false && !/no stats/i.test(String(stats?.error ?? ''))) {
          throw new PlatformError('permanent', `Steam: ${String(stats?.error ?? 'achievements unavailable')}`, { status: 400 });
        }
        const mine = new Map<string, any>((stats?.achievements ?? []).map((a: any) => [String(a.apiname), a]));
        const global = await get(`${api}/ISteamUserStats/GetGlobalAchievementPercentagesForApp/v2/?${q({ gameid: appid })}`, { allow: [400, 403, 404] });
        const rarity = new Map<string, number>((global.body?.achievementpercentages?.achievements ?? []).map((a: any) => [String(a.name), Number(a.percent)]));
        achievements = defs.map((d) => {
          const p = mine.get(String(d.name));
          const percent = rarity.get(String(d.name));
          return {
            achievement_id: String(d.name),
            title: String(d.displayName ?? d.name),
            description: String(d.description ?? ''),
            icon_url: iconUrl(appid, d.icon),
            rarity_percentage: percent === undefined || Number.isNaN(percent) ? null : Math.round(percent * 10) / 10,
            points: null,
            unlocked_at: p && Number(p.achieved) === 1 ? new Date(Number(p.unlocktime || 0) * 1000).toISOString() : null,
          };
        });
      }
      const details = await get(`${store}/api/appdetails?${q({ appids: appid })}`, { allow: [400, 403, 404, 500, 502, 503] }).catch((error) => {
        // Store metadata is a nicety; only a rate limit is worth pausing the sync for.
        if (error instanceof PlatformError && error.kind === 'rate_limited') throw error;
        return { status: 0, body: {} };
      });
      const data = details.body?.[appid]?.success ? details.body[appid].data : undefined;
      const year = /(\d{4})/.exec(String(data?.release_date?.date ?? ''));
      const result: GameDetails = {
        platform_game_id: appid,
        title: String(data?.name ?? schema.body?.game?.gameName ?? game.title),
        developer: Array.isArray(data?.developers) && data.developers.length ? String(data.developers[0]) : null,
        genres: Array.isArray(data?.genres) ? data.genres.map((g: any) => String(g.description)) : [],
        metacritic: typeof data?.metacritic?.score === 'number' ? data.metacritic.score : null,
        cover_image_url: data?.header_image ? String(data.header_image) : `https://cdn.cloudflare.steamstatic.com/steam/apps/${appid}/header.jpg`,
        release_year: year ? Number(year[1]) : null,
        total_playtime_minutes: game.playtime_minutes,
        last_played_at: game.last_played_at,
        achievements,
      };
      return result;
    },
  };
}
