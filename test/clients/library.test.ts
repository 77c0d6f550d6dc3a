import t from 'tap';
import { ActorcadeError, devToken, LibraryClient, rest, type LibraryEvent } from '../../clients/typescript/src/index.js';
import { startLibraryServer } from '../library/helpers.js';
import { dropAndResume, record, sdkOptions } from './support.js';

t.test('sdk library: a sync streams to a subscribed client that drops mid-sync and is resubscribed; then the assistant answers', async (t) => {
  // A pause between games keeps the sync running long enough to drop the socket during it.
  const srv = await startLibraryServer({ LIBRARY_SYNC_STEP_DELAY_MS: '8' });
  t.teardown(() => srv.close());
  const token = await devToken(srv.url, 'ann');
  const api = rest(srv.url, token);
  const library = await api.post<{ library_id: string }>('/api/libraries', { name: 'Fixture shelf', platform: 'fixture' });

  const client = await LibraryClient.connect(srv.wsUrl('/ws'), { ...sdkOptions, token });
  t.teardown(() => client.close());
  t.equal(client.session?.user_id, 'ann', 'connection_established names the user');
  const log = record<LibraryEvent>(client);

  const sub = await client.subscribe({ events: ['sync_progress'], filters: { library_id: library.library_id } });
  t.ok(sub.data.events.includes('sync_completed'), 'subscribe resolves with subscribed (the group expanded)');
  const bad = await client.subscribe({ events: ['no_such_event'] }).catch((e) => e);
  t.ok(bad instanceof ActorcadeError && bad.code === 'VALIDATION_ERROR', 'a refused subscribe rejects with the wire code');

  const { operation_id } = await api.post<{ operation_id: string }>(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  const started = await log.take('sync_started');
  t.equal(started.data.operation_id, operation_id, 'sync_started arrives, typed');
  await log.take('game_added');

  const { attempts } = await dropAndResume(client);
  t.ok(attempts >= 1, 'reconnected mid-sync');
  const greeting = await log.take('connection_established');
  const done = await log.take('sync_completed', (e) => e.data.operation_id === operation_id, 30_000);
  t.ok(log.frames.indexOf(done) > log.frames.indexOf(greeting), 'the sync ended after the reconnect');
  t.equal(done.data.status, 'completed', 'sync_completed reaches the resubscribed client');
  const status = await api.get<{ status: string }>(`/api/operations/${operation_id}`);
  t.equal(status.status, 'completed', 'and the operation says so over REST');

  const chunks: string[] = [];
  const off = client.on('ai_chat_response_chunk', (e) => chunks.push(e.data.chunk));
  const answer = await client.ask({ message: 'How many games do I have?', context: { library_id: library.library_id } });
  off();
  t.ok(answer.data.full_message.length > 0, 'ask resolves with ai_chat_response_complete');
  t.equal(chunks.join(''), answer.data.full_message, 'after streaming its chunks to a typed listener');
  const refused = await client.ask({ message: 'and there?', context: { library_id: 'not-mine' } }).catch((e) => e);
  t.ok(refused instanceof ActorcadeError && refused.code === 'NOT_FOUND', `an ai_error rejects with its code (${refused.code})`);
  t.same(log.invalid, [], 'every frame validated against the codecs');
});
