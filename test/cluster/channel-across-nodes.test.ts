import t from 'tap';
import { http } from '../support/client.js';
import { subscribe, userOf } from '../channel/support.js';
import { startCluster } from './cluster-support.js';

t.test('cluster: a voice channel with users on two nodes (messages, typing, presence, signalling to its target only)', async (t) => {
  const cluster = await startCluster(t);
  if (!cluster) return;
  const [one, two] = cluster.nodes;

  const health = await http(one.url, 'GET', '/healthz');
  t.match(health.body, { status: 'ok', cluster: { node: /^node0-/, nats: 'connected' } }, '/healthz names the node');
  for (let i = 0; i < 50 && (await http(two.url, 'GET', '/healthz')).body.cluster.nodes.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  t.equal((await http(two.url, 'GET', '/healthz')).body.cluster.nodes.length, 2, 'and the nodes it sees');

  const ann = await userOf(one, 'ann', 'Ann');
  const bob = await userOf(two, 'bob');
  const cat = await userOf(two, 'cat');
  const created = await ann.rest('POST', '/api/channels', { name: 'lobby', members: ['bob', 'cat'] });
  t.equal(created.status, 201);
  const channel = created.body.id as string;

  const a = await ann.socket();
  const b = await bob.socket();
  const c = await cat.socket();
  t.match(await a.next((f) => f.type === 'presence_update' && f.user_id === 'bob'), { status: 'online' }, 'ann (node one) sees bob (node two) come online');
  for (const client of [a, b, c]) t.match(await subscribe(client, channel), { type: 'subscribed', channel_id: channel });

  const posted = await bob.rest('POST', `/api/channels/${channel}/messages`, { content: 'hello from two' });
  t.equal(posted.status, 201, 'a post on node two');
  for (const client of [a, b, c]) t.match(await client.next('message_create'), { channel_id: channel, message: { id: posted.body.id, content: 'hello from two' } });
  const owners = cluster.nodes.filter((node) => node.server.host.holds(`channel/${channel}`));
  t.equal(owners.length, 1, 'the channel actor lives on exactly one node');
  const history = await ann.rest('GET', `/api/channels/${channel}/messages`);
  t.same(history.body.messages.map((m: any) => m.content), ['hello from two'], 'history is the same from node one');

  a.send({ type: 'typing', channel_id: channel });
  t.match(await c.next('typing_start'), { channel_id: channel, user_id: 'ann' }, 'typing crosses nodes');

  a.send({ type: 'voice_join', channel_id: channel });
  await b.next((f) => f.type === 'voice_user_joined' && f.user_id === 'ann');
  b.send({ type: 'voice_join', channel_id: channel });
  await a.next((f) => f.type === 'voice_user_joined' && f.user_id === 'bob');
  c.send({ type: 'voice_join', channel_id: channel });
  await a.next((f) => f.type === 'voice_user_joined' && f.user_id === 'cat');

  b.send({ type: 'voice_offer', channel_id: channel, target_user_id: 'ann', sdp: 'v=0 offer' });
  t.same(await a.next('voice_offer'), { type: 'voice_offer', channel_id: channel, from_user_id: 'bob', sdp: 'v=0 offer' }, 'two → one, to its target');
  a.send({ type: 'voice_answer', channel_id: channel, target_user_id: 'bob', sdp: 'v=0 answer' });
  t.same(await b.next('voice_answer'), { type: 'voice_answer', channel_id: channel, from_user_id: 'ann', sdp: 'v=0 answer' }, 'one → two, to its target');
  // cat is on bob's node and in the call: the member topic reaches only bob's socket there.
  a.send({ id: 'last', type: 'voice_ice', channel_id: channel, target_user_id: 'bob', candidate: { candidate: 'c', sdpMid: '0', sdpMLineIndex: 0 } });
  await b.next('voice_ice');
  b.send({ type: 'voice_speaking', channel_id: channel, speaking: true });
  await c.next('voice_speaking');
  t.notOk(c.received.some((f) => ['voice_offer', 'voice_answer', 'voice_ice'].includes(f.type)), 'nothing of the signalling reached cat');
  t.equal(a.received.filter((f) => f.type === 'voice_offer').length, 1, 'the offer arrived once');

  await b.close();
  t.match(await a.next((f) => f.type === 'presence_update' && f.user_id === 'bob' && f.status === 'offline'), {}, 'bob goes offline, seen on node one');
  await a.close();
  await c.close();
});
