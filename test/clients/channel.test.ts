import t from 'tap';
import { ActorcadeError, ChannelClient, devToken, rest, type ChannelEvent } from '../../clients/typescript/src/index.js';
import { channelSession } from '../../src/sessions/channel/index.js';
import { startServer } from '../support/server.js';
import { dropAndResume, record, sdkOptions } from './support.js';

t.test('sdk channel: a conversation with a voice offer/answer between two clients; one drops and is resubscribed', async (t) => {
  const srv = await startServer({}, { sessions: [channelSession] });
  t.teardown(() => srv.close());
  const url = srv.wsUrl('/voice/ws');
  const annToken = await devToken(srv.url, 'ann', 'Ann');
  const bobToken = await devToken(srv.url, 'bob', 'Bob');
  const channel = await rest(srv.url, annToken).post<{ id: string }>('/api/channels', { name: 'lobby', members: ['bob'] });
  const channel_id = channel.id;

  const ann = await ChannelClient.connect(url, { ...sdkOptions, token: annToken });
  // A token function is asked again on every reconnect (a fresh JWT each time).
  let bobTokens = 0;
  const bob = await ChannelClient.connect(url, { ...sdkOptions, token: () => (bobTokens++, bobToken) });
  t.teardown(() => Promise.all([ann.close(), bob.close()]));
  t.equal(ann.user?.id, 'ann', 'ready names the user');
  const annLog = record<ChannelEvent>(ann);
  const bobLog = record<ChannelEvent>(bob);

  const sub = await ann.subscribe({ channel_id });
  t.equal(sub.channel_id, channel_id, 'subscribe resolves with subscribed');
  await bob.subscribe({ channel_id });
  const missing = await ann.subscribe({ channel_id: '00000000-0000-4000-8000-000000000000' }).catch((e) => e);
  t.ok(missing instanceof ActorcadeError && missing.code === 'NOT_FOUND', 'a refused subscribe rejects with the wire code');
  t.ok((await ann.ping()).type === 'pong', 'ping resolves with pong');

  await rest(srv.url, annToken).post(`/api/channels/${channel_id}/messages`, { content: 'hello bob' });
  const got = await bobLog.take('message_create');
  t.equal(got.message.content, 'hello bob', 'bob receives the message');

  const joined = await ann.voiceJoin({ channel_id });
  t.equal(joined.user_id, 'ann', 'voice_join resolves with your own voice_user_joined');
  await bob.voiceJoin({ channel_id });
  await ann.voiceOffer({ channel_id, target_user_id: 'bob', sdp: 'v=0 offer' });
  const offer = await bobLog.take('voice_offer');
  t.match(offer, { from_user_id: 'ann', sdp: 'v=0 offer' }, 'the offer is relayed with from_user_id');
  await bob.voiceAnswer({ channel_id, target_user_id: 'ann', sdp: 'v=0 answer' });
  t.match(await annLog.take('voice_answer'), { from_user_id: 'bob', sdp: 'v=0 answer' }, 'and the answer comes back');
  const badTarget = await ann.voiceOffer({ channel_id, target_user_id: 'carol', sdp: 'x' });
  const refusal = await annLog.take('error', (e) => (e as { id?: string }).id === badTarget);
  t.equal(refusal.code, 'NOT_FOUND', 'a signal to someone not in the call is refused, with the id it returned');

  // Bob's network drops: he reconnects (asking for a token again), gets `ready`, and is
  // resubscribed and back in the call without doing anything.
  bobLog.skipAll();
  await dropAndResume(bob);
  t.equal(bobTokens, 2, 'the token function was asked again');
  await bobLog.take('ready');
  await rest(srv.url, annToken).post(`/api/channels/${channel_id}/messages`, { content: 'still there?' });
  t.equal((await bobLog.take('message_create')).message.content, 'still there?', 'messages reach bob after the reconnect');
  await ann.voiceOffer({ channel_id, target_user_id: 'bob', sdp: 'v=0 again' });
  t.equal((await bobLog.take('voice_offer')).sdp, 'v=0 again', 'and so do offers: he is back in the call');
  t.same([...annLog.invalid, ...bobLog.invalid], [], 'every frame validated against the codecs');
});
