import t from 'tap';
import * as io from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import { channelServerEvents } from '../../src/protocol/channel.js';
import { startServer } from '../support/server.js';
import { subscribe, userOf } from './support.js';

t.test('channel: three clients chat, type, see presence and hold a voice call', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const [ann, bob, cat] = await Promise.all([userOf(srv, 'ann', 'Ann'), userOf(srv, 'bob'), userOf(srv, 'cat')]);

  const created = await ann.rest('POST', '/api/channels', { name: 'lobby', members: ['bob', 'cat'] });
  t.equal(created.status, 201);
  t.match(created.body, { name: 'lobby', is_private: false, owner_id: 'ann', members: ['ann', 'bob', 'cat'] });
  const channel = created.body.id as string;
  t.match(channel, /^[0-9a-f-]{36}$/, 'channel ids are UUIDs');

  const a = await ann.socket();
  t.same(a.ready.user, { id: 'ann', name: 'Ann' }, 'ready names the user');
  t.equal(a.ready.channels.length, 1, 'ready lists the channels the user can see');
  const b = await bob.socket();
  t.match(await a.next((f) => f.type === 'presence_update' && f.user_id === 'bob'), { status: 'online' }, 'ann sees bob come online');
  const c = await cat.socket();

  t.match(await subscribe(a, channel), { id: `sub-${channel}`, type: 'subscribed', channel_id: channel });
  await subscribe(b, channel);
  await subscribe(c, channel);
  t.match(await subscribe(a, channel), { type: 'subscribed' }, 'subscribing twice is fine');

  // Messages over REST are broadcast to subscribers.
  const posted = await bob.rest('POST', `/api/channels/${channel}/messages`, { content: 'hello all' });
  t.equal(posted.status, 201);
  for (const client of [a, b, c]) {
    t.match(await client.next('message_create'), { channel_id: channel, message: { id: posted.body.id, author_id: 'bob', content: 'hello all', edited_at: null } });
  }
  const edited = await bob.rest('PATCH', `/api/channels/${channel}/messages/${posted.body.id}`, { content: 'hello everyone' });
  t.equal(edited.status, 200);
  t.match(await a.next('message_update'), { channel_id: channel, message: { id: posted.body.id, content: 'hello everyone' } });
  t.equal((await cat.rest('PATCH', `/api/channels/${channel}/messages/${posted.body.id}`, { content: 'hijack' })).status, 403, 'only the author edits');
  const second = await cat.rest('POST', `/api/channels/${channel}/messages`, { content: 'second' });
  t.equal((await ann.rest('DELETE', `/api/channels/${channel}/messages/${second.body.id}`)).status, 204, 'the owner may delete');
  t.match(await b.next('message_delete'), { channel_id: channel, message_id: second.body.id });
  const history = await cat.rest('GET', `/api/channels/${channel}/messages`);
  t.same(history.body.messages.map((m: any) => m.content), ['hello everyone'], 'history pages what is left');

  // Typing.
  a.send({ type: 'typing', channel_id: channel });
  t.match(await c.next('typing_start'), { channel_id: channel, user_id: 'ann' });
  a.send({ type: 'stop_typing', channel_id: channel });
  t.match(await c.next('typing_stop'), { channel_id: channel, user_id: 'ann' });

  // Voice: ann and bob in a call; signalling reaches only the named target.
  a.send({ type: 'voice_join', channel_id: channel });
  t.match(await c.next('voice_user_joined'), { channel_id: channel, user_id: 'ann', muted: false });
  b.send({ type: 'voice_join', channel_id: channel });
  t.match(await b.next((f) => f.type === 'voice_user_joined' && f.user_id === 'ann'), {}, 'a joiner learns who is already in the call');
  t.match(await a.next((f) => f.type === 'voice_user_joined' && f.user_id === 'bob'), { channel_id: channel });

  b.send({ type: 'voice_offer', channel_id: channel, target_user_id: 'ann', sdp: 'v=0 offer' });
  t.same(await a.next('voice_offer'), { type: 'voice_offer', channel_id: channel, from_user_id: 'bob', sdp: 'v=0 offer' });
  a.send({ type: 'voice_answer', channel_id: channel, target_user_id: 'bob', sdp: 'v=0 answer' });
  t.same(await b.next('voice_answer'), { type: 'voice_answer', channel_id: channel, from_user_id: 'ann', sdp: 'v=0 answer' });
  const candidate = { candidate: 'candidate:1 1 UDP 2122252543 192.0.2.1 54400 typ host', sdpMid: '0', sdpMLineIndex: 0 };
  b.send({ type: 'voice_ice', channel_id: channel, target_user_id: 'ann', candidate });
  t.same(await a.next('voice_ice'), { type: 'voice_ice', channel_id: channel, from_user_id: 'bob', candidate });

  b.send({ type: 'voice_speaking', channel_id: channel, speaking: true });
  t.match(await c.next('voice_speaking'), { channel_id: channel, user_id: 'bob', speaking: true });
  b.send({ type: 'voice_mute', channel_id: channel });
  t.match(await c.next('voice_speaking'), { user_id: 'bob', speaking: false }, 'muting stops speaking');
  t.match(await c.next('voice_mute'), { channel_id: channel, user_id: 'bob' });

  // Cat is not in the call: cannot signal, and never saw any signalling.
  c.send({ id: 'x1', type: 'voice_offer', channel_id: channel, target_user_id: 'ann', sdp: 'sneaky' });
  t.match(await c.next('error'), { id: 'x1', code: 'PERMISSION_DENIED' });
  a.send({ id: 'x2', type: 'voice_offer', channel_id: channel, target_user_id: 'cat', sdp: 'v=0' });
  t.match(await a.next('error'), { id: 'x2', code: 'NOT_FOUND' }, 'the target must be in the call');
  t.notOk(c.received.some((f) => ['voice_offer', 'voice_answer', 'voice_ice'].includes(f.type)), 'no signalling leaked to a bystander');

  b.send({ type: 'voice_leave', channel_id: channel });
  t.match(await a.next('voice_user_left'), { channel_id: channel, user_id: 'bob' });

  // Presence: closing bob's only socket makes him offline; ann's socket leaving the call does too.
  await b.close();
  t.match(await c.next((f) => f.type === 'presence_update' && f.user_id === 'bob' && f.status === 'offline'), {});
  await a.close();
  t.match(await c.next((f) => f.type === 'voice_user_left' && f.user_id === 'ann'), {}, 'a closed socket leaves the call');
  t.match(await c.next((f) => f.type === 'presence_update' && f.user_id === 'ann'), { status: 'offline' });

  const ServerEvent = io.union([...channelServerEvents] as unknown as [io.Mixed, io.Mixed, ...io.Mixed[]]);
  for (const frame of [...a.received, ...b.received, ...c.received]) {
    t.ok(isRight(ServerEvent.decode(frame)), `${frame.type} matches its documented shape`);
    t.notMatch(JSON.stringify(frame), /token|password/i, `no event carries a token (${frame.type})`);
  }
  await c.close();
});

t.test('channel: private channels and membership rules', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const [ann, bob, eve] = await Promise.all([userOf(srv, 'ann'), userOf(srv, 'bob'), userOf(srv, 'eve')]);
  const priv = (await ann.rest('POST', '/api/channels', { name: 'secret', is_private: true, members: ['bob'] })).body.id;
  const pub = (await ann.rest('POST', '/api/channels', { name: 'open' })).body.id;

  const e = await eve.socket();
  t.same(e.ready.channels.map((c: any) => c.name), ['open'], 'eve sees only the public channel');
  t.match(await subscribe(e, priv), { type: 'error', code: 'PERMISSION_DENIED' }, 'subscribing to a private channel needs membership');
  t.match(await subscribe(e, pub), { type: 'subscribed' }, 'anyone may subscribe to a public channel');
  e.send({ id: 't1', type: 'typing', channel_id: pub });
  t.match(await e.next('error'), { id: 't1', code: 'PERMISSION_DENIED' }, 'subscribing does not grant posting');
  t.equal((await eve.rest('POST', `/api/channels/${pub}/messages`, { content: 'hi' })).status, 403);
  t.equal((await eve.rest('GET', `/api/channels/${priv}/messages`)).status, 403, 'no history of a private channel');
  t.equal((await eve.rest('POST', `/api/channels/${priv}/members`, { user_id: 'eve' })).status, 403, 'no self-join to private');
  t.equal((await eve.rest('POST', `/api/channels/${pub}/members`, { user_id: 'eve' })).status, 200, 'self-join to public');
  t.equal((await eve.rest('POST', `/api/channels/${pub}/messages`, { content: 'hi' })).status, 201, 'members post');
  t.equal((await bob.rest('POST', `/api/channels/${priv}/members`, { user_id: 'eve' })).status, 403, 'only the owner adds members');
  t.equal((await ann.rest('POST', `/api/channels/${priv}/members`, { user_id: 'eve' })).status, 200);
  t.match(await subscribe(e, priv), { type: 'subscribed' }, 'a new member may subscribe');

  const missing = '00000000-0000-4000-8000-000000000000';
  t.match(await subscribe(e, missing), { type: 'error', code: 'NOT_FOUND' });
  t.equal((await eve.rest('GET', `/api/channels/${missing}`)).status, 404);
  t.equal((await eve.rest('GET', '/api/channels/not-a-uuid/messages')).status, 404);
  t.equal((await eve.rest('POST', '/api/channels', { name: '' })).status, 400);
  t.equal((await eve.rest('POST', '/api/channels', 'not json')).status, 400);
  t.equal((await eve.rest('GET', '/api/channels', undefined)).status, 200);
  const noAuth = await fetch(`${srv.url}/api/channels`);
  t.equal(noAuth.status, 401, 'REST needs a bearer token');
  await e.close();
});

t.test('channel: typing expires by itself', async (t) => {
  const srv = await startServer({ TYPING_TTL_MS: '200' });
  t.teardown(() => srv.close());
  const ann = await userOf(srv, 'ann');
  const channel = (await ann.rest('POST', '/api/channels', { name: 'c' })).body.id;
  const a = await ann.socket();
  await subscribe(a, channel);
  a.send({ type: 'typing', channel_id: channel });
  await a.next('typing_start');
  t.match(await a.next('typing_stop', 3000), { user_id: 'ann' }, 'typing_stop arrives without stop_typing');
  await a.close();
});

t.test('channel: a restart keeps channels and messages', async (t) => {
  const first = await startServer();
  const ann = await userOf(first, 'ann');
  const channel = (await ann.rest('POST', '/api/channels', { name: 'durable', is_private: true })).body.id;
  await ann.rest('POST', `/api/channels/${channel}/messages`, { content: 'one' });
  await ann.rest('POST', `/api/channels/${channel}/messages`, { content: 'two' });
  await first.close({ keepData: true });

  const second = await startServer({}, { dataDir: first.dataDir });
  t.teardown(() => second.close());
  const again = await userOf(second, 'ann');
  const page = await again.rest('GET', `/api/channels/${channel}/messages?limit=1`);
  t.equal(page.status, 200);
  t.same(page.body.messages.map((m: any) => m.content), ['two']);
  t.equal(page.body.has_more, true);
  const older = await again.rest('GET', `/api/channels/${channel}/messages?before=${page.body.messages[0].id}`);
  t.same(older.body.messages.map((m: any) => m.content), ['one']);
  const eve = await userOf(second, 'eve');
  t.equal((await eve.rest('GET', `/api/channels/${channel}`)).status, 403, 'privacy survives the restart');
  const a = await again.socket();
  t.same(a.ready.channels.map((c: any) => c.name), ['durable']);
  await a.close();
});
