import t from 'tap';
import { parseRequest, withContext } from '../../src/sessions/library/assistant/local-provider.js';
import { chunkText, countTokens } from '../../src/sessions/library/assistant/provider.js';
import { createHealthMonitor, type HealthReport } from '../../src/sessions/library/adapters/health-monitor.js';
import type { GameRow } from '../../src/store/index.js';

const game = (title: string): GameRow =>
  ({ game_id: title, library_id: 'l', platform_game_id: title, title, developer: null, genres: [], metacritic: null, cover_image_url: null, release_year: null,
    total_playtime_minutes: 0, last_played_at: null, status: 'unplayed', achievements_unlocked: 0, achievements_total: 0, added_at: '', updated_at: '' }) as GameRow;
const library = [game('The Witcher 3: Wild Hunt'), game('Portal 2'), game('Portal'), game('Hades')];

t.test('local assistant: understands what players type', async (t) => {
  const cases: [string, Partial<ReturnType<typeof parseRequest>>][] = [
    ['Show me my unplayed RPG games', { intent: 'unplayed', genres: ['RPG'] }],
    ["What's in my backlog of strategy games rated above 85?", { intent: 'unplayed', genres: ['Strategy'], minMetacritic: 85 }],
    ['best roguelikes I never played', { intent: 'unplayed', genres: ['Roguelike'], minMetacritic: 80 }],
    ['What are my top 3 most played games?', { intent: 'most_played', limit: 3 }],
    ['What should I play next?', { intent: 'recommend' }],
    ['Recommend me a horror game', { intent: 'recommend', genres: ['Horror'] }],
    ['Which achievements am I close to completing?', { intent: 'achievements' }],
    ['Give me my library stats', { intent: 'stats' }],
    ['How many games do I have?', { intent: 'stats' }],
    ['What have I been playing lately?', { intent: 'recent' }],
    ['Which games have I completed?', { intent: 'completed' }],
    ['How long have I played The Witcher 3?', { intent: 'title' }],
    ['list my shooters', { intent: 'search', genres: ['Shooter'] }],
    ['hello', { intent: 'help' }],
  ];
  for (const [message, expected] of cases) t.match(parseRequest(message, library), expected, message);
  t.equal(parseRequest('tell me about Portal 2', library).title?.title, 'Portal 2', 'the longest matching title wins');
  t.equal(parseRequest('tell me about portal', library).title?.title, 'Portal');
  t.equal(parseRequest('tell me about the witcher 3', library).title?.title, 'The Witcher 3: Wild Hunt', 'the part before a colon is enough');
});

t.test('local assistant: chunks keep every character; tokens are counted', async (t) => {
  const text = 'Based on your library:\n\n1. Baldur\'s Gate 3 - 96 Metacritic\n2. Disco Elysium - 97 Metacritic';
  const chunks = chunkText(text, 3);
  t.equal(chunks.join(''), text);
  t.ok(chunks.length > 3);
  t.equal(countTokens("Baldur's Gate 3 - 96"), 5);
});

t.test('adapter health: degraded by errors or latency, down when nearly everything fails, recovered', async (t) => {
  const reports: HealthReport[] = [];
  const health = createHealthMonitor({ window: 10, degradedErrorRate: 0.25, degradedLatencyMs: 1000, downErrorRate: 0.9, onChange: (r) => reports.push(r) });
  for (let i = 0; i < 3; i++) health.record('steam', false, 10);
  t.equal(reports.length, 0, 'too few calls to judge');
  health.record('steam', false, 10);
  t.match(reports.at(-1), { component: 'steam_api', status: 'down', message: /Steam Web API is failing \(100%/ });
  for (let i = 0; i < 7; i++) health.record('steam', true, 10);
  t.match(reports.at(-1), { status: 'degraded', message: /error rate elevated \(80%/ });
  for (let i = 0; i < 3; i++) health.record('steam', true, 10);
  t.match(reports.at(-1), { status: 'operational' });
  for (let i = 0; i < 6; i++) health.record('steam', true, 1500);
  t.match(reports.at(-1), { status: 'degraded', message: /response times elevated \(median 1500 ms\)/, impact: 'Sync operations may take longer than usual' });
  t.equal(reports.length, 4, 'each change is reported once');
  t.equal(health.medianLatency('steam'), 1500);
});

t.test('local assistant: a follow-up refines the previous question', async (t) => {
  const history = [
    { role: 'user', content: 'Show me my unplayed RPG games' },
    { role: 'assistant', content: 'Based on your library, ...' },
  ];
  t.match(withContext(parseRequest('And strategy?', library), history, library), { intent: 'unplayed', genres: ['Strategy'] });
  t.match(withContext(parseRequest('only the ones above 90', library), history, library), { intent: 'unplayed', genres: ['RPG'], minMetacritic: 90 });
  t.match(withContext(parseRequest('show me 10', library), history, library), { intent: 'unplayed', limit: 10 });
  t.match(withContext(parseRequest('thanks!', library), history, library), { intent: 'help' }, 'small talk is not a follow-up');
  t.match(withContext(parseRequest('What should I play next?', library), history, library), { intent: 'recommend' }, 'a new question stands alone');
});
