import t from 'tap';
import { http } from '../support/client.js';
import { bearer, dataDirOf, librarySocket, restart } from './crash-support.js';
import { startServerProcess } from './server-process.js';

/**
 * A conversation's messages are stored by the assistant worker after the actor's turn
 * committed. The test kills the server with SIGKILL right before the answer's row
 * (`crash-between.ts`), with the asking client connected, restarts it on the same DATA_DIR
 * and checks what the client was told against `GET /api/conversations/{id}`.
 */

const CRASHING = 'test/durability/crash-between.ts';
const ENV = { LIBRARY_AI_CHUNK_DELAY_MS: '0' };

t.test('kill -9 before an answer is stored: every message the client was answered is in the history, and the rest follows', async (t) => {
  const dataDir = dataDirOf(t);
  // The first append is the question; the second, the answer.
  const crashing = await startServerProcess(dataDir, { ...ENV, CRASH_AT: 'before:library.appendMessage#2' }, CRASHING);
  t.teardown(() => crashing.stop());
  const auth = await bearer(crashing.url, 'ai-user');
  const client = await librarySocket(crashing, auth);
  client.send({ type: 'ai_chat_message', data: { message: 'How many games do I have?', context: { conversation_id: 'conv_kept' } }, id: 'q1' });
  await crashing.exited;
  await client.closed;
  t.equal(crashing.child.signalCode, 'SIGKILL', 'the server died before the answer was stored');
  const frames = client.received.filter((f) => f?.id === 'q1');
  const asked = frames.some((f) => f.type === 'ai_thinking');
  const answered = frames.find((f) => f.type === 'ai_chat_response_complete');

  const server = await restart(t, dataDir, ENV);
  const again = await bearer(server.url, 'ai-user');
  const history = async () => (await http(server.url, 'GET', '/api/conversations/conv_kept', undefined, again)).body.messages as any[];
  const before = await history();
  if (asked) t.ok(before.some((m) => m.role === 'user' && m.message_id === 'q1'), 'the question the client saw acknowledged is stored');
  if (answered) t.ok(before.some((m) => m.role === 'assistant' && m.content === answered.data.full_message), 'and the answer it received');
  else t.pass('the answer was never sent');

  // The conversation goes on: its unconfirmed answer is stored before the next question, once.
  const next = await librarySocket(server, again);
  next.send({ type: 'ai_chat_message', data: { message: 'And which are unplayed?', context: { conversation_id: 'conv_kept' } }, id: 'q2' });
  const end = await next.next((f) => f.id === 'q2' && (f.type === 'ai_chat_response_complete' || f.type === 'ai_error'), 30_000);
  t.equal(end.type, 'ai_chat_response_complete');
  const after = await history();
  t.same(after.map((m) => [m.role, m.message_id]), [['user', 'q1'], ['assistant', 'q1'], ['user', 'q2'], ['assistant', 'q2']], 'question and answer, each once, in order');
  if (answered) t.equal(after[1].content, answered.data.full_message);
  await next.close();
});
