import type { GameRow, GameStatus } from '../../../store/index.js';
import { chunkText, countTokens, type AnswerRequest, type AssistantProvider } from './provider.js';
import type { AchievementProgress, LibraryStats, Recommendation, SearchParams } from './tools.js';

/**
 * The offline assistant. It recognises the requests players actually type — unplayed or
 * backlog games of a genre, most played, what to play next, achievements close to
 * completion, library statistics, one game by title, recently played — picks the tool
 * that answers it, and writes the answer from the tool's result. Nothing is canned: every
 * figure comes from the store.
 */

const GENRES: [RegExp, string][] = [
  [/\b(rpgs?|role[- ]?playing)\b/, 'RPG'],
  [/\bstrateg(y|ies|ic)\b/, 'Strategy'],
  [/\b(shooters?|fps)\b/, 'Shooter'],
  [/\bhorror\b/, 'Horror'],
  [/\brogue-?(like|lite)s?\b/, 'Roguelike'],
  [/\bindie\b/, 'Indie'],
  [/\bracing\b/, 'Racing'],
  [/\b(simulation|simulators?|sims?)\b/, 'Simulation'],
  [/\bsurvival\b/, 'Survival'],
  [/\bplatformers?\b/, 'Platformer'],
  [/\bpuzzles?\b/, 'Puzzle'],
  [/\bsouls-?\s?like\b/, 'Souls-like'],
  [/\bopen[- ]world\b/, 'Open World'],
  [/\b(multiplayer|online)\b/, 'Multiplayer'],
  [/\bturn[- ]based\b/, 'Turn-Based'],
  [/\bmetroidvanias?\b/, 'Metroidvania'],
  [/\baction\b/, 'Action'],
  [/\badventures?\b/, 'Adventure'],
  [/\bmmos?(rpg)?\b/, 'MMO'],
  [/\b(card games?|deck-?builders?)\b/, 'Card Game'],
  [/\bsandbox\b/, 'Sandbox'],
  [/\b(rts|real[- ]time strategy)\b/, 'RTS'],
  [/\bparty\b/, 'Party'],
  [/\bstealth\b/, 'Stealth'],
  [/\bco-?op\b/, 'Co-op'],
];

type Intent = 'achievements' | 'stats' | 'most_played' | 'recommend' | 'unplayed' | 'recent' | 'completed' | 'title' | 'search' | 'help';

export interface ParsedRequest {
  intent: Intent;
  genres: string[];
  minMetacritic?: number;
  limit: number;
  title?: GameRow;
  /** Genres, a rating floor, a count or "and/what about/only…": could refine a previous question. */
  refinement: boolean;
  /** Starts like a continuation ("and…", "what about…", "only…"). */
  continues: boolean;
}

const normalise = (s: string) => s.toLowerCase().replace(/[’']/g, "'").replace(/[^a-z0-9' ]+/g, ' ').replace(/\s+/g, ' ').trim();

/** Understand a request: intent, genres, rating floor, how many, and a game named in it. */
export function parseRequest(message: string, library: readonly GameRow[]): ParsedRequest {
  const text = message.toLowerCase();
  const genres = GENRES.filter(([re]) => re.test(text)).map(([, g]) => g);
  const floor = /(?:above|over|at least|more than|>=?|min(?:imum)?(?: of)?)\s*(\d{2})/.exec(text);
  let minMetacritic = floor ? Number(floor[1]) : undefined;
  if (minMetacritic === undefined && /\b(highly|well|best|top)[- ]rated\b|\bacclaimed\b|\bmasterpieces?\b|\bgreat\b|\bbest\b/.test(text)) minMetacritic = 80;
  const count = /\btop (\d{1,2})\b|\b(\d{1,2}) (?:games|titles|picks|suggestions|recommendations)\b|\b(?:show|give|list) me (\d{1,2})\b/.exec(text);
  const limit = Math.min(20, Math.max(1, count ? Number(count[1] ?? count[2] ?? count[3]) : 5));

  let title: GameRow | undefined;
  const norm = ` ${normalise(message)} `;
  for (const game of library) {
    const full = normalise(game.title);
    const short = normalise(game.title.split(/[:\-–]/)[0]);
    const candidate = norm.includes(` ${full} `) ? full : short.length >= 5 && norm.includes(` ${short} `) ? short : undefined;
    if (candidate && (!title || candidate.length > normalise(title.title).length)) title = game;
  }

  let intent: Intent;
  if (/achievement|trophies|trophy|100 ?%|complet(e|ion)ist/.test(text)) intent = 'achievements';
  else if (/\bstat(istic)?s\b|how many games|overview|summary|total playtime|how big|library size|how much (time )?have i played(?! [a-z])/.test(text)) intent = 'stats';
  else if (/most[- ]played|played (the )?most|most (hours|time)|top played|spent the most/.test(text)) intent = 'most_played';
  else if (/recommend|suggest|what (should|could|can|to) i play|play next|what next|something (new )?to play|what'?s next|pick (something|a game)/.test(text)) intent = 'recommend';
  else if (/unplayed|never (played|started|touched)|haven'?t (played|started|touched)|not (yet )?played|backlog|pile of shame|untouched/.test(text)) intent = 'unplayed';
  else if (/\bcompleted\b|\bfinished\b|\bbeaten\b/.test(text)) intent = 'completed';
  else if (/recent(ly)?|lately|last played|been playing/.test(text)) intent = 'recent';
  else if (title) intent = 'title';
  else if (genres.length > 0 || minMetacritic !== undefined || /\b(show|list|find|which|what) .*games?\b/.test(text)) intent = 'search';
  else intent = 'help';
  const continues = /^\s*(and|what about|how about|only|also|more|now|just)\b/.test(text);
  const refinement = genres.length > 0 || minMetacritic !== undefined || count !== null || continues;
  return { intent, genres, minMetacritic, limit, title, refinement, continues };
}

/**
 * A follow-up ("and strategy?", "only the ones above 85", "show me 10") has no intent of its
 * own: it refines the previous question of the conversation.
 */
export function withContext(parsed: ParsedRequest, history: readonly { role: string; content: string }[], library: readonly GameRow[]): ParsedRequest {
  const followUp = (parsed.intent === 'help' && parsed.refinement) || (parsed.intent === 'search' && parsed.continues);
  if (!followUp) return parsed;
  const previousQuestion = [...history].reverse().find((h) => h.role === 'user');
  if (!previousQuestion) return parsed;
  const previous = parseRequest(previousQuestion.content, library);
  if (previous.intent === 'help' || previous.intent === 'title') return parsed;
  return {
    ...previous,
    genres: parsed.genres.length > 0 ? parsed.genres : previous.genres,
    minMetacritic: parsed.minMetacritic ?? previous.minMetacritic,
    limit: parsed.limit !== 5 ? parsed.limit : previous.limit,
    refinement: true,
    continues: parsed.continues,
  };
}

const hours = (minutes: number) => {
  const h = Math.round((minutes / 60) * 10) / 10;
  return `${h.toLocaleString('en-US')} hour${h === 1 ? '' : 's'}`;
};
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'never');
const rating = (g: GameRow) => (g.metacritic === null ? 'no Metacritic score' : `${g.metacritic} Metacritic`);
const genreWords = (genres: string[]) => (genres.length ? `${genres.join('/')} ` : '');
const list = (lines: string[]) => lines.map((line, i) => `${i + 1}. ${line}`).join('\n');

export function createLocalProvider(tools: { titles(scope: AnswerRequest['scope']): Promise<GameRow[]> }): AssistantProvider {
  return {
    name: 'local',
    async answer(request, hooks) {
      const used = new Set<string>();
      const use = async <T>(name: string, params: Record<string, unknown>) => {
        used.add(name);
        return (await hooks.useTool(name, params)) as T;
      };
      const library = await tools.titles(request.scope);
      const parsed = withContext(parseRequest(request.message, library), request.history, library);
      if (library.length > 0 && parsed.intent !== 'help') hooks.status(activityFor(parsed));
      const text = library.length === 0 && parsed.intent !== 'help' ? emptyLibrary() : await compose(parsed, use);
      for (const chunk of chunkText(text)) await hooks.delta(chunk);
      return { tools_used: [...used], token_count: countTokens(text) };
    },
  };
}

/** What the assistant is doing for a request, in the seed's "Analyzing your gaming patterns..." voice. */
export function activityFor(p: ParsedRequest): string {
  const g = genreWords(p.genres);
  switch (p.intent) {
    case 'unplayed':
      return `Searching your library for unplayed ${g}games...`;
    case 'most_played':
      return 'Ranking your games by playtime...';
    case 'recent':
      return 'Looking at what you played lately...';
    case 'completed':
      return 'Finding the games you completed...';
    case 'recommend':
      return 'Analyzing your gaming patterns...';
    case 'achievements':
      return 'Checking your achievement progress...';
    case 'stats':
      return 'Adding up your library...';
    case 'title':
      return `Looking up ${p.title!.title}...`;
    default:
      return `Searching your ${g}games...`;
  }
}

function emptyLibrary() {
  return "Your library is empty, so I have nothing to go on yet. Sync a library first (POST /api/libraries/{id}/sync with type \"full\") and ask me again — I can then find unplayed games, your most played ones, what to play next and achievements you're close to.";
}

type Use = <T>(name: string, params: Record<string, unknown>) => Promise<T>;

async function compose(p: ParsedRequest, use: Use): Promise<string> {
  const search = (params: SearchParams) => use<{ games: GameRow[]; total: number }>('search_games', params as Record<string, unknown>);
  const ratingFilter = p.minMetacritic === undefined ? undefined : { min_metacritic: p.minMetacritic };
  const g = genreWords(p.genres);
  switch (p.intent) {
    case 'unplayed': {
      const r = await search({ genres: p.genres, status_filter: ['unplayed'], rating_filter: ratingFilter, sort: 'metacritic', limit: p.limit });
      if (r.total === 0) return `You have no unplayed ${g}games${ratingFilter ? ` rated ${p.minMetacritic}+` : ''} — your backlog is clear there. Ask me what to play next for other ideas.`;
      return `Based on your library, here are some great unplayed ${g}games:\n\n${list(r.games.map((x) => `${x.title} - ${rating(x)}`))}\n\nYou have ${r.total} unplayed ${g}game${r.total === 1 ? '' : 's'}${ratingFilter ? ` rated ${p.minMetacritic}+` : ''} in total.`;
    }
    case 'most_played': {
      const r = await search({ genres: p.genres, sort: 'playtime', limit: p.limit });
      const played = r.games.filter((x) => x.total_playtime_minutes > 0);
      if (played.length === 0) return `You haven't played any ${g}games yet.`;
      return `Your most played ${g}games:\n\n${list(played.map((x) => `${x.title} - ${hours(x.total_playtime_minutes)} (last played ${day(x.last_played_at)})`))}`;
    }
    case 'recent': {
      const r = await search({ genres: p.genres, status_filter: ['playing', 'played', 'completed'], sort: 'recent', limit: p.limit });
      if (r.games.length === 0) return `You haven't played any ${g}games yet.`;
      return `Your recently played ${g}games:\n\n${list(r.games.map((x) => `${x.title} - last played ${day(x.last_played_at)}, ${hours(x.total_playtime_minutes)} in total`))}`;
    }
    case 'completed': {
      const r = await search({ genres: p.genres, status_filter: ['completed'], sort: 'playtime', limit: p.limit });
      if (r.total === 0) return `You haven't completed any ${g}games yet (all achievements unlocked). Ask me which achievements you're close to.`;
      return `You have completed ${r.total} ${g}game${r.total === 1 ? '' : 's'} (every achievement unlocked):\n\n${list(r.games.map((x) => `${x.title} - ${x.achievements_total} achievements, ${hours(x.total_playtime_minutes)}`))}`;
    }
    case 'recommend': {
      const recs = await use<Recommendation[]>('get_recommendations', { genres: p.genres, limit: p.limit });
      if (recs.length === 0) return `I couldn't find an unplayed or barely started ${g}game to suggest. You've played everything — impressive!`;
      return `Here is what I'd play next:\n\n${list(recs.map((r) => `${r.game.title} (${r.game.genres.join(', ')}) - ${rating(r.game)}: ${r.reason}`))}`;
    }
    case 'achievements': {
      const progress = await use<AchievementProgress[]>('get_achievement_progress', { limit: p.limit });
      if (progress.length === 0) return "None of your games has achievements in progress yet. Play a game with achievements and sync, then ask me again.";
      return `These games are closest to 100% achievements:\n\n${list(
        progress.map((x) => {
          const next = x.next[0];
          const hint = next ? ` Next up: "${next.title}" (${next.description}${next.rarity_percentage === null ? '' : `, ${next.rarity_percentage}% of players have it`}).` : '';
          return `${x.game.title} - ${x.game.achievements_unlocked}/${x.game.achievements_total} (${x.completion_percentage}%).${hint}`;
        }),
      )}`;
    }
    case 'stats': {
      const s = await use<LibraryStats>('get_library_stats', {});
      const pct = s.achievements_total ? Math.round((s.achievements_unlocked / s.achievements_total) * 1000) / 10 : 0;
      const played = s.by_status.playing + s.by_status.played + s.by_status.completed;
      const lines = [
        `- ${s.games} games across ${s.libraries} librar${s.libraries === 1 ? 'y' : 'ies'}`,
        `- ${played} played (${s.by_status.playing} in the last two weeks, ${s.by_status.completed} completed), ${s.by_status.unplayed} unplayed`,
        `- ${s.total_playtime_hours.toLocaleString('en-US')} hours played in total`,
        `- Achievements: ${s.achievements_unlocked.toLocaleString('en-US')} of ${s.achievements_total.toLocaleString('en-US')} unlocked (${pct}%)`,
      ];
      if (s.top_genres.length) lines.push(`- Favourite genres by playtime: ${s.top_genres.slice(0, 3).map((x) => `${x.genre} (${x.hours.toLocaleString('en-US')} h)`).join(', ')}`);
      if (s.most_played) lines.push(`- Most played: ${s.most_played.title} (${s.most_played.hours.toLocaleString('en-US')} h)`);
      return `Your library at a glance:\n\n${lines.join('\n')}`;
    }
    case 'title': {
      const r = await search({ query: p.title!.title, limit: 1 });
      const x = r.games[0] ?? p.title!;
      const status: Record<GameStatus, string> = { unplayed: 'not started yet', playing: 'currently playing', played: 'played', completed: 'completed (every achievement)' };
      const ach = x.achievements_total ? `, achievements ${x.achievements_unlocked}/${x.achievements_total}` : '';
      return `${x.title}${x.developer ? ` by ${x.developer}` : ''}${x.release_year ? ` (${x.release_year})` : ''}: ${status[x.status]}, ${hours(x.total_playtime_minutes)} played, last played ${day(x.last_played_at)}${ach}, ${rating(x)}. Genres: ${x.genres.join(', ') || 'unknown'}.`;
    }
    case 'search': {
      const r = await search({ genres: p.genres, rating_filter: ratingFilter, sort: 'metacritic', limit: p.limit });
      if (r.total === 0) return `I found no ${g}games${ratingFilter ? ` rated ${p.minMetacritic}+` : ''} in your library.`;
      return `You have ${r.total} ${g}game${r.total === 1 ? '' : 's'}${ratingFilter ? ` rated ${p.minMetacritic}+` : ''}. The best rated:\n\n${list(r.games.map((x) => `${x.title} - ${rating(x)}, ${x.total_playtime_minutes ? hours(x.total_playtime_minutes) + ' played' : 'unplayed'}`))}`;
    }
    default:
      return 'I can help with your game library. Try: "Show me my unplayed RPG games", "What are my most played games?", "What should I play next?", "Which achievements am I close to completing?", "Give me my library stats" or ask about a game by name.';
  }
}
