import t from 'tap';
import { api, connectLibrary, startLibraryServer, tokenFor } from './helpers.js';
import type { TestClient } from '../support/client.js';

async function ask(client: TestClient, id: string, conversationId?: string) {
  const context = conversationId === undefined ? {} : { conversation_id: conversationId };
  client.send({ type: 'ai_chat_message', data: { message: 'What are my stats?', context }, id, timestamp: new Date().toISOString() });
  return client.next((f) => f.id === id && (f.type === 'ai_chat_response_complete' || f.type === 'ai_error'), 15_000);
}

t.test('library assistant: new conversations count against the creation rate; going on with one does not', async (t) => {
  const srv = await startLibraryServer({ CREATE_RATE_BURST: '3', CREATE_RATE_PER_MIN: '1' });
  t.teardown(() => srv.close());
  const ann = await tokenFor(srv, 'ann');
  const a = await connectLibrary(srv, ann);

  for (const n of [1, 2, 3]) t.equal((await ask(a, `m${n}`, `conv_ann_${n}`)).type, 'ai_chat_response_complete', `conversation ${n} is answered`);
  const refused = await ask(a, 'm4', 'conv_ann_4');
  t.equal(refused.type, 'ai_error');
  t.match(refused.data, { conversation_id: 'conv_ann_4', message_id: 'm4', error_code: 'RATE_LIMIT_EXCEEDED', is_recoverable: true, error_message: /too many conversations created; retry in \d+ s/ });
  t.equal((await api(srv, ann).get('/api/conversations/conv_ann_4')).status, 404, 'the refused conversation was not created');
  t.equal((await ask(a, 'm5')).data.error_code, 'RATE_LIMIT_EXCEEDED', 'a message without a conversation id starts a new one: refused too');

  t.equal((await ask(a, 'm6', 'conv_ann_1')).type, 'ai_chat_response_complete', 'a conversation this socket already has goes on');
  const history = await api(srv, ann).get('/api/conversations/conv_ann_1');
  t.equal(history.status, 200);

  // Another user has a budget of their own.
  const bob = await connectLibrary(srv, await tokenFor(srv, 'bob'));
  t.equal((await ask(bob, 'b1', 'conv_bob_1')).type, 'ai_chat_response_complete');
  await a.close();
  await bob.close();
});
