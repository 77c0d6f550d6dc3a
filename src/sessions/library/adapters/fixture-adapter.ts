import { readFileSync } from 'node:fs';
import type { AchievementRecord, OwnedGame } from '../../../../machines/library/game-records.js';
import { PlatformError, type PlatformAdapter } from './platform-adapter.js';

/**
 * The offline platform: a catalogue of real games shipped in the repo
 * (`fixture-catalogue.json`) and a simulated player per account. Each account owns a
 * seeded subset with seeded playtime and achievements; with `drift` on, every listing
 * after the first advances the player by one play session (a few games played, new
 * achievements, now and then a new purchase), so an incremental sync has something to find.
 * Latency, random failures and rate limits are injectable for demos and tests.
 */

export interface CatalogueGame {
  platform_game_id: string;
  title: string;
  developer: string;
  genres: string[];
  metacritic: number | null;
  release_year: number;
  cover_image_url: string;
  achievements: { achievement_id: string; title: string; description: string; rarity_percentage: number; points: number }[];
}

export function loadCatalogue(): CatalogueGame[] {
  const file = new URL('./fixture-catalogue.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { games: CatalogueGame[] }).games;
}

/** Where the fixture remembers how far each simulated player has got (survives restarts). */
export interface RevisionStore {
  get(account: string): Promise<number | undefined>;
  set(account: string, revision: number): Promise<void>;
}

export interface FixtureOptions {
  latencyMs: number;
  failureRate: number;
  rateLimitEvery: number;
  rateLimitRetrySec: number;
  seed: number;
  drift: boolean;
  revisions: RevisionStore;
  catalogue?: CatalogueGame[];
  now?: () => number;
}

export type InjectedOutcome = 'fail' | 'rate_limit' | 'auth';

/** Mulberry32: small, fast, seeded. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const BASE_OWNED = 198;
/** The simulated "today" of revision 0; each revision is one evening later. */
const EPOCH = Date.parse('2024-07-20T20:00:00Z');
const DAY = 86_400_000;

interface PlayerGame {
  game: CatalogueGame;
  minutes: number;
  lastPlayed: number | null;
  /** Minutes needed to unlock every achievement. */
  fullMinutes: number;
}

export interface FixtureAdapter extends PlatformAdapter {
  /** Queue outcomes for the next requests (tests: a failure, then a 429...). */
  inject(outcome: InjectedOutcome, times?: number): void;
  /** Requests answered so far (including injected failures). */
  readonly requests: number;
}

export function createFixtureAdapter(options: FixtureOptions): FixtureAdapter {
  const catalogue = options.catalogue ?? loadCatalogue();
  const now = options.now ?? Date.now;
  const random = prng(options.seed);
  const injected: InjectedOutcome[] = [];
  let cached: { key: string; value: Map<string, PlayerGame> } | undefined;
  let requests = 0;

  /** The player's state at `revision`: a pure function of (account, revision). */
  function player(account: string, revision: number): Map<string, PlayerGame> {
    const key = `${account}#${revision}`;
    if (cached?.key !== key) cached = { key, value: simulate(account, revision) };
    return cached.value;
  }

  function simulate(account: string, revision: number): Map<string, PlayerGame> {
    const rnd = prng(hash(account) ^ 0x9e3779b9);
    const order = catalogue.map((game) => ({ game, key: rnd() })).sort((a, b) => a.key - b.key).map((x) => x.game);
    const owned = new Map<string, PlayerGame>();
    const own = (game: CatalogueGame, r: () => number) => {
      const played = r() > 0.3;
      const hours = played ? Math.exp(r() * 5.5) : 0; // 1..245 h, most under 20
      owned.set(game.platform_game_id, {
        game,
        minutes: Math.round(hours * 60),
        lastPlayed: played ? EPOCH - Math.floor(r() * 700) * DAY - Math.floor(r() * 20) * 3_600_000 : null,
        fullMinutes: Math.round((20 + r() * 100) * 60),
      });
    };
    order.slice(0, Math.min(BASE_OWNED, order.length)).forEach((game) => own(game, rnd));
    for (let rev = 1; rev <= revision; rev++) {
      const r = prng(hash(`${account}#${rev}`));
      const evening = EPOCH + rev * DAY;
      // Now and then a new purchase.
      if (rev % 2 === 1 && owned.size < order.length) own(order[owned.size], r);
      // A few games played tonight.
      const list = [...owned.values()];
      const sessions = 2 + Math.floor(r() * 3);
      for (let i = 0; i < sessions; i++) {
        const pick = list[Math.floor(r() * list.length)];
        pick.minutes += 30 + Math.floor(r() * 180);
        pick.lastPlayed = evening + i * 3_600_000;
      }
    }
    return owned;
  }

  function achievementsOf(entry: PlayerGame): AchievementRecord[] {
    const progress = Math.min(1, entry.minutes / entry.fullMinutes);
    // Common achievements come first: sort by rarity, unlock the first share of them.
    const sorted = [...entry.game.achievements].sort((a, b) => b.rarity_percentage - a.rarity_percentage);
    const unlockedCount = Math.floor(sorted.length * progress);
    const unlockedIds = new Set(sorted.slice(0, unlockedCount).map((a) => a.achievement_id));
    const last = entry.lastPlayed ?? EPOCH;
    return entry.game.achievements.map((a, i) => ({
      achievement_id: a.achievement_id,
      title: a.title,
      description: a.description,
      icon_url: `https://cdn.cloudflare.steamstatic.com/steamcommunity/public/images/apps/${entry.game.platform_game_id}/${a.achievement_id.toLowerCase()}.jpg`,
      rarity_percentage: a.rarity_percentage,
      points: a.points,
      unlocked_at: unlockedIds.has(a.achievement_id) ? new Date(last - (entry.game.achievements.length - i) * 60_000).toISOString() : null,
    }));
  }

  async function request(): Promise<void> {
    requests++;
    if (options.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const outcome = injected.shift();
    const retry = options.rateLimitRetrySec;
    const limited = () =>
      new PlatformError('rate_limited', 'fixture platform: 429 Too Many Requests', {
        status: 429,
        retryAfterSec: retry,
        requestsRemaining: 0,
        windowResetAt: new Date(now() + retry * 1000).toISOString(),
      });
    if (outcome === 'rate_limit') throw limited();
    if (outcome === 'auth') throw new PlatformError('auth', 'fixture platform: 401 Unauthorized', { status: 401 });
    if (outcome === 'fail') throw new PlatformError('transient', 'fixture platform returned 503 Service Unavailable', { status: 503 });
    if (options.rateLimitEvery > 0 && requests % options.rateLimitEvery === 0) throw limited();
    if (options.failureRate > 0 && random() < options.failureRate) {
      throw new PlatformError('transient', 'fixture platform returned 503 Service Unavailable', { status: 503 });
    }
  }

  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

  return {
    platform: 'fixture',
    get requests() {
      return requests;
    },
    inject(outcome, times = 1) {
      for (let i = 0; i < times; i++) injected.push(outcome);
    },
    async listOwnedGames(account) {
      await request();
      // The first listing of an account shows revision 0; each later one, the next play session.
      const previous = await options.revisions.get(account);
      const revision = previous === undefined ? 0 : options.drift ? previous + 1 : previous;
      await options.revisions.set(account, revision);
      return [...player(account, revision).values()].map<OwnedGame>((entry) => ({
        platform_game_id: entry.game.platform_game_id,
        title: entry.game.title,
        playtime_minutes: entry.minutes,
        last_played_at: iso(entry.lastPlayed),
      }));
    },
    async getGameDetails(account, game) {
      await request();
      const entry = player(account, (await options.revisions.get(account)) ?? 0).get(game.platform_game_id);
      if (!entry) throw new PlatformError('not_found', `fixture platform: account does not own ${game.platform_game_id}`, { status: 404 });
      const g = entry.game;
      return {
        platform_game_id: g.platform_game_id,
        title: g.title,
        developer: g.developer,
        genres: g.genres,
        metacritic: g.metacritic,
        cover_image_url: g.cover_image_url,
        release_year: g.release_year,
        total_playtime_minutes: entry.minutes,
        last_played_at: iso(entry.lastPlayed),
        achievements: achievementsOf(entry),
      };
    },
  };
}
