import t from 'tap';
import { createActor, SimulatedClock, type AnyActor } from 'xstate';
import { conversationMachine } from '../../machines/library/conversation-machine.js';
import type { GameDetails, OwnedGame } from '../../machines/library/game-records.js';
import { syncMachine, type SyncSettings } from '../../machines/library/sync-machine.js';
import { diffGame, gameIdFor, progressFigures, selectGames } from '../../machines/library/sync-rules.js';
import { systemMachine } from '../../machines/library/system-machine.js';

const settings: SyncSettings = {
  progressIntervalMs: 1000, stepDelayMs: 500, requestTimeoutMs: 30_000, maxRetries: 2, retryBaseMs: 1000,
  maxAutoResumeSec: 600, retryAfterSec: 300, summaryMax: 10, estimatedMsPerGame: 500,
};
const owned = (n: number): OwnedGame[] => Array.from({ length: n }, (_, i) => ({ platform_game_id: String(i + 1), title: `Game ${i + 1}`, playtime_minutes: i * 10, last_played_at: null }));
const details = (g: OwnedGame, extra: Partial<GameDetails> = {}): GameDetails => ({
  platform_game_id: g.platform_game_id, title: g.title, developer: 'Dev', genres: ['RPG'], metacritic: 80, cover_image_url: null, release_year: 2020,
  total_playtime_minutes: g.playtime_minutes, last_played_at: g.last_played_at, achievements: [], ...extra,
});

/**
 * Run an actor on a simulated clock, recording what it emits and stamping events like the
 * runtime. Row writes are confirmed at once, as the session's worker does once a row is
 * stored (`confirmWrites: false` leaves them unconfirmed).
 */
function harness(machine: any, clock = new SimulatedClock(), snapshot?: unknown, input?: unknown, startAt = 1_000_000, confirmWrites = true) {
  clock.set(startAt);
  const out: any[] = [];
  const actor: AnyActor = createActor(machine, { clock, ...(snapshot ? { snapshot: snapshot as never } : {}), ...(input ? { input } : {}) });
  const confirmations: Record<string, string> = { $io_save_game: 'io_saved', $io_remove_games: 'io_saved', $io_operation: 'io_saved', $ai_persist: 'ai_stored' };
  actor.on('$out', (o: any) => {
    out.push(o);
    const confirmation = confirmations[o.event.type];
    if (confirmWrites && confirmation) actor.send({ type: confirmation, wseq: o.event.wseq, $from: {}, $at: clock.now() } as never);
  });
  actor.start();
  const send = (event: Record<string, unknown>) => actor.send({ $from: { member: 'u1', conn: 'c1' }, $at: clock.now(), ...event } as never);
  const advance = (ms: number, step = 100) => {
    for (let left = ms; left > 0; left -= step) clock.increment(Math.min(step, left));
  };
  const io = (type: string) => out.filter((o) => o.event.type === type).map((o) => o.event);
  return { actor, out, send, advance, io, clock };
}

t.test('sync rules: incremental selection, diffs and stable ids', async (t) => {
  const games = owned(3);
  const known = [
    { game_id: 'a', platform_game_id: '1', total_playtime_minutes: 0, last_played_at: null },
    { game_id: 'b', platform_game_id: '2', total_playtime_minutes: 5, last_played_at: null },
  ];
  t.same(selectGames('incremental', games, known).map((g) => g.platform_game_id), ['2', '3'], 'changed playtime and new games only');
  t.equal(selectGames('full', games, known).length, 3);
  t.equal(gameIdFor('lib', '1'), gameIdFor('lib', '1'));
  t.not(gameIdFor('lib', '1'), gameIdFor('lib2', '1'));
  t.match(gameIdFor('lib', '1'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const base = details(games[0], { achievements: [{ achievement_id: 'A', title: 'A', description: '', icon_url: null, rarity_percentage: 50, points: 5, unlocked_at: null }] });
  const existing = { game_id: 'g', ...base };
  t.equal(diffGame('lib', existing, { ...base, achievements: [{ ...base.achievements[0], rarity_percentage: 49 }] }).kind, 'unchanged', 'rarity drift is not a change');
  const played = diffGame('lib', existing, { ...base, total_playtime_minutes: 60, achievements: [{ ...base.achievements[0], unlocked_at: '2024-01-01T00:00:00.000Z' }] });
  t.match(played, { kind: 'updated', changes: { total_playtime_minutes: { old: 0, new: 60 }, achievements_unlocked: { old: 0, new: 1 } }, tags: ['playtime_updated', 'achievement_unlocked'] });
  t.equal(diffGame('lib', null, base).kind, 'added');
  t.match(progressFigures(30, 120, 0, 60_000), { progress_percentage: 25, rate_per_minute: 30, estimated_completion: new Date(60_000 + 3 * 60_000).toISOString() });
});

t.test('sync machine: paced by delays, throttled progress, rate-limit pause re-armed after a restore', async (t) => {
  const h = harness(syncMachine);
  h.send({ type: 'start', operation_id: 'op1', library_id: 'lib', library_name: 'L', user_id: 'u1', platform: 'fixture', account: 'acc', sync_type: 'full', settings });
  t.match(h.out[0], { to: 'sender', event: { type: 'sync_accepted', operation_id: 'op1' } });
  const list = h.io('$io_list')[0];
  t.equal(list.seq, 1);
  const games = owned(6);
  h.send({ type: 'listing_fetched', seq: 1, games, known: [] });
  t.match(h.io('sync_started')[0].data, { total_games_to_process: 6, estimated_duration_minutes: 0.1, operation_type: 'full_sync' });
  h.send({ type: 'listing_fetched', seq: 1, games, known: [] });
  t.equal(h.io('sync_started').length, 1, 'a stale or repeated answer is ignored');

  for (let i = 0; i < 3; i++) {
    t.equal(h.io('$io_details').length, i, 'the next game waits for the step delay');
    h.advance(500);
    const req = h.io('$io_details').at(-1);
    t.equal(req.game.platform_game_id, String(i + 1));
    h.send({ type: 'details_fetched', seq: req.seq, details: details(games[i]), existing: null });
  }
  h.advance(500);
  t.equal(h.io('game_added').length, 3);
  t.equal(h.io('sync_progress').length, 1, 'progress at most once per interval (the first after 1 s)');

  // A 429: the job pauses 120 s, and survives a snapshot/restore in the middle.
  const req = h.io('$io_details').at(-1);
  h.send({ type: 'fetch_rate_limited', seq: req.seq, retry_after_seconds: 120, requests_remaining: 0, window_reset_at: 'x' });
  t.match(h.io('sync_rate_limited')[0].data, { auto_resume: true, retry_after_seconds: 120 });
  h.advance(60_000, 1000);
  const persisted = h.actor.getPersistedSnapshot();
  h.actor.stop();
  const r = harness(syncMachine, new SimulatedClock(), JSON.parse(JSON.stringify(persisted)), undefined, h.clock.now());
  r.send({ type: '$restored' });
  r.advance(59_000, 1000);
  t.equal(r.io('$io_details').length, 0, 'still waiting after the restore');
  r.advance(2_000, 500);
  const resumed = r.io('$io_details');
  t.equal(resumed.length, 1, 'the re-armed pause ends on time');
  t.equal(resumed[0].game.platform_game_id, '4', 'and resumes at the game it was on');

  // Transient failures back off 1 s then 2 s, then the job fails.
  r.send({ type: 'fetch_failed', seq: resumed[0].seq, kind: 'transient', message: '503' });
  r.advance(1000);
  const retry1 = r.io('$io_details').at(-1);
  t.equal(retry1.seq, resumed[0].seq + 1);
  r.send({ type: 'fetch_failed', seq: retry1.seq, kind: 'transient', message: '503' });
  r.advance(1500);
  t.equal(r.io('$io_details').length, 2, 'the second backoff is longer');
  r.advance(600);
  const retry2 = r.io('$io_details').at(-1);
  r.send({ type: 'fetch_failed', seq: retry2.seq, kind: 'transient', message: 'Steam API returned 503 Service Unavailable' });
  t.match(r.io('sync_failed')[0].data, { status: 'failed', error_code: 'PLATFORM_API_ERROR', error_message: /503/, games_processed: 3, games_total: 6, can_retry: true });
  r.send({ type: 'cancel' });
  t.match(r.out.at(-1), { to: 'sender', event: { type: 'cancel_refused', status: 'failed' } }, 'a finished job answers cancel with a refusal');
});

t.test('conversation machine: streams with the last chunk final, and times out', async (t) => {
  const input = { conversationId: 'c', owner: null, libraryId: null, history: [], historyMax: 4, timeoutMs: 10_000 };
  const h = harness(conversationMachine, undefined, undefined, input);
  h.send({ type: 'ai_chat_message', conversation_id: 'c', message_id: 'm1', message: 'hi', library_id: null });
  const run = h.io('$ai_run')[0];
  for (const text of ['a', 'b', 'c']) h.send({ type: 'ai_delta', seq: run.seq, text });
  h.send({ type: 'ai_done', seq: run.seq, tools_used: [], token_count: 3 });
  const chunks = h.out.filter((o) => o.to.conn === 'c1' && o.event.type === 'ai_chat_response_chunk').map((o) => o.event.data);
  t.same(chunks.map((c) => [c.chunk, c.is_final, c.chunk_index]), [['a', false, 0], ['b', false, 1], ['c', true, 2]]);
  t.equal(h.out.find((o) => o.event.type === 'ai_chat_response_complete').event.data.full_message, 'abc');
  h.send({ type: 'ai_chat_message', conversation_id: 'c', message_id: 'm2', message: 'again', library_id: null });
  h.advance(10_000, 1000);
  t.match(h.out.filter((o) => o.to.conn === 'c1').at(-1).event, { type: 'ai_error', id: 'm2', data: { error_code: 'AI_TIMEOUT' } });
  t.same(h.actor.getSnapshot().context.history.map((e: any) => e.content), ['hi', 'abc', 'again']);
});

t.test('sync machine: the user hears of a step once its rows are confirmed; a restored job asks again for the rest', async (t) => {
  const h = harness(syncMachine, undefined, undefined, undefined, 1_000_000, false);
  const confirm = (wseq: number) => h.send({ type: 'io_saved', wseq });
  h.send({ type: 'start', operation_id: 'op1', library_id: 'lib', library_name: 'L', user_id: 'u1', platform: 'fixture', account: 'acc', sync_type: 'full', settings: { ...settings, stepDelayMs: 0, progressIntervalMs: 0 } });
  t.match(h.out[0], { to: 'sender', event: { type: 'sync_accepted' } }, 'the reply to the request goes at once');
  const games = owned(3);
  h.send({ type: 'listing_fetched', seq: 1, games, known: [] });
  t.equal(h.io('sync_started').length, 0, 'sync_started waits for the operation row');
  for (const w of h.io('$io_operation')) confirm(w.wseq);
  t.equal(h.io('sync_started').length, 1, 'and goes once it is stored');

  const first = h.io('$io_details').at(-1);
  h.send({ type: 'details_fetched', seq: first.seq, details: details(games[0]), existing: null });
  const saved = h.io('$io_save_game');
  t.equal(saved.length, 1, 'the game row is asked for');
  t.equal(h.io('game_added').length + h.io('sync_progress').length, 0, 'what announces it waits for it');
  const second = h.io('$io_details').at(-1);
  t.equal(second.game.platform_game_id, '2', 'while the job goes on to the next game');

  // The process dies with those writes unconfirmed: the restored job asks for them again, once each.
  const unsaved = h.actor.getSnapshot().context.unsaved.map((w: any) => w.wseq);
  const r = harness(syncMachine, new SimulatedClock(), JSON.parse(JSON.stringify(h.actor.getPersistedSnapshot())), undefined, h.clock.now(), false);
  r.send({ type: '$restored' });
  const again = r.out.filter((o) => o.event.redo === true).map((o) => o.event.wseq);
  t.same(again, unsaved, 'every unconfirmed write, in order');
  t.equal(r.io('game_added').length, 0);
  for (const wseq of again) r.send({ type: 'io_saved', wseq });
  t.equal(r.io('game_added').length, 1, 'the held announcement goes once its rows are stored');
  t.match(r.io('sync_progress')[0].data, { games_processed: 1, games_added: 1 });
  const next = r.io('$io_details').at(-1);
  t.equal(next.game.platform_game_id, '2', 'and the job asks again for the game it was on');
  t.equal(r.actor.getSnapshot().context.unsaved.length, 0);
});

t.test('conversation machine: ai_thinking and the answer wait for their rows', async (t) => {
  const input = { conversationId: 'c', owner: null, libraryId: null, history: [], historyMax: 4, timeoutMs: 10_000 };
  const h = harness(conversationMachine, undefined, undefined, input, 1_000_000, false);
  h.send({ type: 'ai_chat_message', conversation_id: 'c', message_id: 'm1', message: 'hi', library_id: null });
  t.equal(h.io('$ai_run').length, 1, 'the assistant starts at once');
  t.equal(h.io('ai_thinking').length, 0, 'the question is acknowledged only once stored');
  h.send({ type: 'ai_stored', wseq: h.io('$ai_persist')[0].wseq });
  t.equal(h.out.filter((o) => o.to.conn === 'c1' && o.event.type === 'ai_thinking').length, 1);
  const run = h.io('$ai_run')[0];
  for (const text of ['a', 'b']) h.send({ type: 'ai_delta', seq: run.seq, text });
  h.send({ type: 'ai_done', seq: run.seq, tools_used: [], token_count: 2 });
  t.equal(h.io('ai_chat_response_complete').length, 0, 'the answer is complete only once stored');
  const answer = h.io('$ai_persist')[1];
  t.match(answer, { role: 'assistant', content: 'ab' });
  const r = harness(conversationMachine, new SimulatedClock(), JSON.parse(JSON.stringify(h.actor.getPersistedSnapshot())), undefined, h.clock.now(), false);
  r.send({ type: '$restored' });
  t.match(r.io('$ai_persist'), [{ role: 'assistant', content: 'ab', wseq: answer.wseq, redo: true }], 'a restored conversation asks for the answer again');
  r.send({ type: 'ai_stored', wseq: answer.wseq });
  t.equal(r.io('ai_chat_response_complete').length, 0, 'and tells no one: that turn ended with its process');
  t.same(r.actor.getSnapshot().context.unsaved, []);
});

t.test('system machine: scheduled maintenance starts and ends by itself', async (t) => {
  const h = harness(systemMachine);
  h.send({ type: 'maintenance_start', message: 'Upgrade', starts_in_minutes: 5, duration_minutes: 30 });
  const modes = () => h.io('maintenance_mode').map((e) => e.data.status);
  t.same(modes(), ['starting']);
  h.advance(5 * 60_000, 10_000);
  t.same(modes(), ['starting', 'started']);
  h.advance(30 * 60_000, 10_000);
  t.same(modes(), ['starting', 'started', 'ended']);
  t.equal(h.actor.getSnapshot().context.maintenance, null);
});
