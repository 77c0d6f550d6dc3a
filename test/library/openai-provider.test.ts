import t, { type Test } from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectLibrary, createLibrary, api, startLibraryServer, subscribeTo, tokenFor } from './helpers.js';

/** A local server speaking the OpenAI chat-completions streaming protocol with tool calls. */
async function fakeOpenAi(t: Test, mode: { status?: number } = {}) {
  const requests: any[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const parsed = JSON.parse(body);
      requests.push({ auth: req.headers.authorization, body: parsed });
      if (mode.status) {
        res.writeHead(mode.status, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: 'nope' } }));
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
      const last = parsed.messages[parsed.messages.length - 1];
      if (last.role === 'user') {
        // First round: ask for a tool, its arguments split over two deltas.
        send({ choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'search_games', arguments: '{"genres":["RPG"],' } }] } }] });
        send({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"status_filter":["unplayed"],"limit":3}' } }] } }] });
        send({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] });
      } else {
        const result = JSON.parse(last.content);
        const titles = result.games.map((g: any) => g.title);
        const words = ['Unplayed RPGs: ', ...titles.map((x: string, i: number) => `${i + 1}. ${x}${i < titles.length - 1 ? '\n' : ''}`)];
        for (const w of words) send({ choices: [{ index: 0, delta: { content: w } }] });
        send({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
        send({ choices: [], usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 } });
      }
      res.write('data: [DONE]\n\n');
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests };
}

t.test('openai provider: tool calls run against the store and the answer streams', async (t) => {
  const fake = await fakeOpenAi(t);
  const srv = await startLibraryServer({ LIBRARY_AI_PROVIDER: 'openai', OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'test-model' });
  t.teardown(() => srv.close());
  const token = await tokenFor(srv, 'ann');
  const library = await createLibrary(srv, token);
  const client = await connectLibrary(srv, token);
  await subscribeTo(client, ['sync_progress']);
  await api(srv, token).post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  await client.next('sync_completed', 20_000);

  client.send({ type: 'ai_chat_message', data: { message: 'Show me my unplayed RPG games', context: { library_id: library.library_id, conversation_id: 'conv_oa' } }, id: 'msg_oa' });
  const complete = await client.next((f) => f.id === 'msg_oa' && f.type === 'ai_chat_response_complete', 10_000);
  const tools = client.received.filter((f) => f.id === 'msg_oa' && f.type === 'ai_tool_execution');
  t.match(tools.map((f) => f.data), [
    { tool_name: 'search_games', tool_parameters: { genres: ['RPG'], status_filter: ['unplayed'], limit: 3 }, status: 'executing' },
    { tool_name: 'search_games', status: 'completed' },
  ]);
  const expected = await api(srv, token).get(`/api/libraries/${library.library_id}/games?genre=RPG&status=unplayed&sort=metacritic&limit=3`);
  const titles = expected.body.games.map((g: any) => g.title);
  t.equal(complete.data.full_message, `Unplayed RPGs: ${titles.map((x: string, i: number) => `${i + 1}. ${x}`).join('\n')}`, 'the model saw the real query result');
  t.match(complete.data, { tools_used: ['search_games'], token_count: 120 });
  const chunks = client.received.filter((f) => f.id === 'msg_oa' && f.type === 'ai_chat_response_chunk');
  t.equal(chunks.length, titles.length + 1);
  t.equal(chunks.map((c) => c.data.chunk).join(''), complete.data.full_message);
  t.equal(fake.requests[0].auth, 'Bearer sk-test');
  t.match(fake.requests[0].body, { model: 'test-model', stream: true, tools: [{ function: { name: 'search_games' } }, {}, {}, {}] });
  t.match(fake.requests[1].body.messages.slice(-2), [{ role: 'assistant', tool_calls: [{ id: 'call_1' }] }, { role: 'tool', tool_call_id: 'call_1' }]);

  // History goes to the model on the next turn.
  client.send({ type: 'ai_chat_message', data: { message: 'And strategy?', context: { conversation_id: 'conv_oa' } }, id: 'msg_oa2' });
  await client.next((f) => f.id === 'msg_oa2' && f.type === 'ai_chat_response_complete', 10_000);
  t.match(fake.requests[2].body.messages.slice(1, 3), [{ role: 'user', content: 'Show me my unplayed RPG games' }, { role: 'assistant', content: complete.data.full_message }]);
  await client.close();
});

t.test('openai provider: a refusing provider becomes ai_error', async (t) => {
  const fake = await fakeOpenAi(t, { status: 401 });
  const srv = await startLibraryServer({ LIBRARY_AI_PROVIDER: 'openai', OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'bad' });
  t.teardown(() => srv.close());
  const token = await tokenFor(srv, 'ann');
  const client = await connectLibrary(srv, token);
  client.send({ type: 'ai_chat_message', data: { message: 'hi' }, id: 'm' });
  const error = await client.next((f) => f.id === 'm' && f.type === 'ai_error');
  t.match(error.data, { error_code: 'AI_PROVIDER_ERROR', error_message: /HTTP 401/, is_recoverable: false });
  await client.close();
});
