/**
 * Regenerates the fixture platform's catalogue (src/sessions/library/adapters/fixture-catalogue.json)
 * from scripts/fixture-games.txt: `appid|title|developer|genres|metacritic|year|achievements`.
 * Achievement names, descriptions and rarities are generated from a fixed seed, so the file is
 * reproducible. Run: node --import tsx scripts/gen-fixture-catalogue.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';

const MAX_ACHIEVEMENTS = 24;
const lines = readFileSync(new URL('./fixture-games.txt', import.meta.url), 'utf8').trim().split('\n');

let seed = 20240720;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

const milestones = [
  ['First Steps', 'Complete the tutorial'],
  ['Getting Started', 'Finish the first chapter'],
  ['Explorer', 'Discover 25 locations'],
  ['Collector', 'Collect 50 items'],
  ['Veteran', 'Play for 20 hours'],
  ['Survivor', 'Survive 10 encounters without healing'],
  ['Strategist', 'Win a battle without losing a unit'],
  ['Wealthy', 'Accumulate 10,000 gold'],
  ['Craftsman', 'Craft 30 items'],
  ['Cartographer', 'Reveal the whole map'],
  ['Sharpshooter', 'Land 100 precision hits'],
  ['Perfectionist', 'Finish a level without taking damage'],
  ['Socialite', 'Complete 10 side quests'],
  ['Unstoppable', 'Defeat 500 enemies'],
  ['Speed Demon', 'Finish a chapter in under 30 minutes'],
  ['Hoarder', 'Fill your inventory'],
  ['Bookworm', 'Read every journal entry'],
  ['Completionist', 'Finish every optional objective'],
  ['Iron Will', 'Complete the game on the hardest difficulty'],
  ['Legend', 'Reach the maximum level'],
  ['The Long Road', 'Finish the main story'],
  ['Untouchable', 'Defeat a boss without being hit'],
  ['Master of Arms', 'Upgrade a weapon to its maximum'],
  ['True Ending', 'See the true ending'],
] as const;

const seen = new Set<string>();
const seenTitles = new Set<string>();
const games = [];
for (const line of lines) {
  const [appid, title, developer, genres, metacritic, year, achievements] = line.split('|');
  if (seen.has(appid) || seenTitles.has(title)) continue;
  seen.add(appid);
  seenTitles.add(title);
  const count = Math.min(MAX_ACHIEVEMENTS, Number(achievements));
  const list = [];
  for (let i = 0; i < count; i++) {
    const [name, description] = milestones[i];
    // Early achievements are common, late ones rare; jitter keeps games apart.
    const base = 85 * Math.pow(0.84, i);
    const rarity = Math.max(0.1, Math.round((base * (0.7 + rand() * 0.6)) * 10) / 10);
    list.push({
      achievement_id: `ACH_${String(i + 1).padStart(2, '0')}_${name.toUpperCase().replace(/[^A-Z]+/g, '_')}`,
      title: name,
      description,
      rarity_percentage: Math.min(99.9, rarity),
      points: rarity < 5 ? 50 : rarity < 20 ? 30 : rarity < 50 ? 15 : 5,
    });
  }
  games.push({
    platform_game_id: appid,
    title,
    developer,
    genres: genres.split(','),
    metacritic: Number(metacritic) > 0 ? Number(metacritic) : null,
    release_year: Number(year),
    cover_image_url: `https://cdn.cloudflare.steamstatic.com/steam/apps/${appid}/header.jpg`,
    achievements: list,
  });
}
const out = new URL('../src/sessions/library/adapters/fixture-catalogue.json', import.meta.url);
writeFileSync(out, JSON.stringify({ generated_from: 'scripts/fixture-games.txt', games }, null, 0).replace(/\},\{"platform_game_id"/g, '},\n{"platform_game_id"') + '\n');
console.log(`${games.length} games written`);
