import { loadCatalogue } from '../../src/sessions/library/adapters/fixture-adapter.js';
import type { GameRecord } from '../../src/store/index.js';

/** The "now" the fixture player's times are relative to. */
export const FIXTURE_NOW = Date.parse('2024-07-21T12:00:00Z');
const DAY = 86_400_000;

/** Mulberry32, so both stores get the same player. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 231-game fixture catalogue as one player's records: every status, playtime and achievement mix appears. */
export function fixtureRecords(seed: number, share: number): GameRecord[] {
  const random = prng(seed);
  return loadCatalogue()
    .filter(() => random() < share)
    .map((game) => {
      const played = random() > 0.3;
      const minutes = played ? Math.round(Math.exp(random() * 5.5) * 60) : 0;
      const lastPlayed = played ? new Date(FIXTURE_NOW - Math.floor(random() * 60) * DAY).toISOString() : null;
      const progress = played ? (random() < 0.15 ? 1 : random()) : 0;
      const unlocked = Math.floor(game.achievements.length * progress);
      return {
        game_id: `${seed}-${game.platform_game_id}`,
        platform_game_id: game.platform_game_id,
        title: game.title,
        developer: game.developer,
        genres: game.genres,
        metacritic: game.metacritic,
        cover_image_url: game.cover_image_url,
        release_year: game.release_year,
        total_playtime_minutes: minutes,
        last_played_at: lastPlayed,
        achievements: game.achievements.map((a, i) => ({
          ...a,
          icon_url: null,
          rarity_percentage: i % 7 === 3 ? null : a.rarity_percentage,
          unlocked_at: i < unlocked ? new Date(FIXTURE_NOW - (i + 1) * DAY).toISOString() : null,
        })),
      };
    });
}

