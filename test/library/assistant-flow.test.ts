import t from 'tap';
import { api, connectLibrary, createLibrary, ofType, settle, startLibraryServer, subscribeTo, tokenFor, invalidFrames } from './helpers.js';
import type { TestClient } from '../support/client.js';

/** Send a chat message and collect its whole answer. */
async function ask(client: TestClient, message: string, context: Record<string, unknown>, id: string) {
  client.send({ type: 'ai_chat_message', data: { message, context }, id, timestamp: new Date().toISOString() });
  const end = await client.next((f) => f.id === id && (f.type === 'ai_chat_response_complete' || f.type === 'ai_error'), 10_000);
  const frames = client.received.filter((f) => f.id === id);
  return { end, frames, chunks: frames.filter((f) => f.type === 'ai_chat_response_chunk'), tools: frames.filter((f) => f.type === 'ai_tool_execution') };
}

t.test('library assistant: the local provider answers common requests from the store, streamed', async (t) => {
  const srv = await startLibraryServer();
  t.teardown(() => srv.close());
  const ann = await tokenFor(srv, 'ann');
  const library = await createLibrary(srv, ann);
  const a = await connectLibrary(srv, ann);
  await subscribeTo(a, ['sync_progress'], { library_id: library.library_id });
  await api(srv, ann).post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  await a.next('sync_completed', 60_000);

  // The asking socket subscribed to no AI event and still hears its answer.
  const unplayed = await ask(a, 'Show me my unplayed RPG games', { library_id: library.library_id, conversation_id: 'conv_ann_1' }, 'msg_1');
  t.equal(unplayed.end.type, 'ai_chat_response_complete');
  const thinking = unplayed.frames.find((f) => f.type === 'ai_thinking');
  t.match(thinking.data, { conversation_id: 'conv_ann_1', message_id: 'msg_1', status: 'thinking', activity: String, estimated_seconds: Number });
  t.same(unplayed.frames.filter((f) => f.type === 'ai_thinking').map((f) => f.data.activity), ['Reading your library...', 'Searching your library for unplayed RPG games...'], 'then says what it is doing');
  t.same(unplayed.tools.map((f) => f.data.status), ['executing', 'completed']);
  t.match(unplayed.tools[0].data, { tool_name: 'search_games', tool_parameters: { genres: ['RPG'], status_filter: ['unplayed'] } });
  t.ok(unplayed.chunks.length > 2, 'the answer is streamed in several chunks');
  t.same(unplayed.chunks.map((c) => c.data.chunk_index), unplayed.chunks.map((_, i) => i), 'chunk indexes count up from 0');
  t.same(unplayed.chunks.map((c) => c.data.is_final), unplayed.chunks.map((_, i) => i === unplayed.chunks.length - 1), 'only the last chunk is final');
  const full = unplayed.end.data.full_message as string;
  t.equal(unplayed.chunks.map((c) => c.data.chunk).join(''), full, 'the chunks add up to the full message');
  t.match(unplayed.end.data, { conversation_id: 'conv_ann_1', message_id: 'msg_1', tools_used: ['search_games'], response_time_ms: Number, token_count: Number });
  t.ok(unplayed.end.data.token_count > 10);
  const rest = await api(srv, ann).get(`/api/libraries/${library.library_id}/games?genre=RPG&status=unplayed&sort=metacritic&limit=5`);
  t.ok(rest.body.total > 0, 'the fixture player has unplayed RPGs');
  t.match(full, /^Based on your library, here are some great unplayed RPG games:/);
  for (const g of rest.body.games) t.ok(full.includes(g.title), `the answer names ${g.title} from the store`);
  t.match(full, new RegExp(`You have ${rest.body.total} unplayed RPG game`));

  // The conversation remembers: a follow-up refines the previous question.
  const follow = await ask(a, 'And strategy?', { conversation_id: 'conv_ann_1' }, 'msg_1b');
  t.match(follow.end.data.full_message, /unplayed Strategy games/);
  t.match(follow.tools[0].data.tool_parameters, { genres: ['Strategy'], status_filter: ['unplayed'] });

  const most = await ask(a, 'What are my most played games?', { conversation_id: 'conv_ann_1' }, 'msg_2');
  const top = await api(srv, ann).get(`/api/libraries/${library.library_id}/games?sort=playtime&limit=1`);
  t.match(most.end.data.full_message, new RegExp(`^Your most played games:\\n\\n1\\. ${top.body.games[0].title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} - `));
  t.same(most.end.data.tools_used, ['search_games']);

  const next = await ask(a, 'What should I play next?', { conversation_id: 'conv_ann_1' }, 'msg_3');
  t.same(next.end.data.tools_used, ['get_recommendations']);
  t.match(next.end.data.full_message, /^Here is what I'd play next:\n\n1\. /);

  const ach = await ask(a, 'Which achievements am I close to completing?', { conversation_id: 'conv_ann_1' }, 'msg_4');
  t.same(ach.end.data.tools_used, ['get_achievement_progress']);
  t.match(ach.end.data.full_message, /closest to 100% achievements:\n\n1\. .+ - \d+\/\d+ \(\d+(\.\d)?%\)/);

  const stats = await ask(a, 'Give me my library stats', { conversation_id: 'conv_ann_1' }, 'msg_5');
  t.same(stats.end.data.tools_used, ['get_library_stats']);
  t.match(stats.end.data.full_message, /- 198 games across 1 library/);

  const history = await api(srv, ann).get('/api/conversations/conv_ann_1');
  t.equal(history.status, 200);
  t.equal(history.body.messages.length, 12, 'the conversation keeps every question and answer');
  t.match(history.body.messages[1], { role: 'assistant', content: full, message_id: 'msg_1', tools_used: ['search_games'] });

  // Another user cannot write into (or read) Ann's conversation.
  const bob = await tokenFor(srv, 'bob');
  const b = await connectLibrary(srv, bob);
  const denied = await ask(b, 'Show me my unplayed RPG games', { conversation_id: 'conv_ann_1' }, 'msg_b1');
  t.match(denied.end, { type: 'ai_error', id: 'msg_b1', data: { error_code: 'PERMISSION_DENIED', is_recoverable: false } });
  t.equal((await api(srv, bob).get('/api/conversations/conv_ann_1')).status, 404);
  const foreign = await ask(b, 'What should I play next?', { library_id: library.library_id }, 'msg_b3');
  t.match(foreign.end, { type: 'ai_error', data: { error_code: 'NOT_FOUND', is_recoverable: false } }, "another user's library is not searchable");
  const empty = await ask(b, 'What should I play next?', {}, 'msg_b2');
  t.match(empty.end.data.full_message, /library is empty/);
  t.match(empty.end.data.conversation_id, /^conv_/, 'a conversation id is made up when none is given');
  t.same(invalidFrames(a), [], 'every frame a received matches its codec');
  t.same(invalidFrames(b), [], 'every frame b received matches its codec');
  await a.close();
  await b.close();
});

t.test('library assistant: other sockets of the user hear the answer only when subscribed to ai_chat', async (t) => {
  const srv = await startLibraryServer();
  t.teardown(() => srv.close());
  const ann = await tokenFor(srv, 'ann');
  const asker = await connectLibrary(srv, ann);
  await subscribeTo(asker, ['ai_chat']);
  const watcher = await connectLibrary(srv, ann);
  await subscribeTo(watcher, ['ai_chat']);
  const deaf = await connectLibrary(srv, ann);
  await subscribeTo(deaf, ['sync_progress']);
  const answer = await ask(asker, 'hello there', {}, 'msg_h');
  t.match(answer.end.data.full_message, /I can help with your game library/);
  t.equal(ofType(asker, 'ai_chat_response_complete').length, 1, 'the asker hears its answer once, not twice');
  await watcher.next('ai_chat_response_complete');
  await settle(deaf);
  t.equal(deaf.received.filter((f) => f.type.startsWith('ai_')).length, 0);

  // A second message while the first is being answered is refused, not interleaved.
  asker.send({ type: 'ai_chat_message', data: { message: 'What are my stats?', context: { conversation_id: 'conv_busy' } }, id: 'm1' });
  asker.send({ type: 'ai_chat_message', data: { message: 'And my most played?', context: { conversation_id: 'conv_busy' } }, id: 'm2' });
  t.match(await asker.next((f) => f.id === 'm2' && f.type === 'ai_error'), { data: { error_code: 'CONVERSATION_BUSY', is_recoverable: true } });
  await asker.next((f) => f.id === 'm1' && f.type === 'ai_chat_response_complete');
  for (const c of [asker, watcher, deaf]) await c.close();
});
