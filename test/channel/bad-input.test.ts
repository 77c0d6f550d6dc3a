import t from 'tap';
import { SignJWT } from 'jose';
import { connect } from '../support/client.js';
import { startServer } from '../support/server.js';
import { subscribe, userOf } from './support.js';

t.test('channel: every bad-input row of wire.md gets an error and changes nothing', async (t) => {
  const srv = await startServer({ MAX_FRAME_BYTES: '4096', RATE_LIMIT_PER_SEC: '20', RATE_LIMIT_BURST: '20', RATE_LIMIT_CLOSE_AFTER: '30' });
  t.teardown(() => srv.close());
  const ann = await userOf(srv, 'ann');
  const channel = (await ann.rest('POST', '/api/channels', { name: 'c' })).body.id;
  const a = await ann.socket();
  const watcher = await ann.socket();
  await subscribe(watcher, channel);

  const expectError = async (frame: string | Buffer, pattern: RegExp, name: string, binary = false) => {
    a.sendRaw(frame, { binary });
    const error = await a.next('error');
    t.match(error, { type: 'error', code: 'VALIDATION_ERROR', message: pattern }, name);
    await new Promise((r) => setTimeout(r, 60)); // stay under the test's rate limit
  };
  await expectError('not json', /not valid JSON/, 'not JSON');
  await expectError('[1,2]', /must be a JSON object/, 'not an object');
  await expectError('"text"', /must be a JSON object/, 'a JSON string');
  await expectError('{"type":"explode"}', /unknown message type "explode"/, 'unknown type');
  await expectError('{"type":"constructor"}', /unknown message type/, 'a prototype name is not a type');
  await expectError('{"channel_id":"x"}', /^type:/, 'missing type');
  await expectError('{"type":"subscribe"}', /^channel_id: expected Uuid, missing/, 'missing field');
  await expectError('{"type":"subscribe","channel_id":42}', /^channel_id: expected Uuid, got 42/, 'wrong field type');
  await expectError(`{"type":"voice_offer","channel_id":"${channel}","target_user_id":"bob","sdp":7}`, /^sdp:/, 'wrong nested field');
  await expectError(Buffer.from('{"type":"ping"}'), /binary frames are not accepted/, 'binary frame', true);

  a.send({ id: 'p1', type: 'ping' });
  t.same(await a.next('pong'), { id: 'p1', type: 'pong' }, 'still open after bad input');
  a.send({ id: 'x', type: 'ping', surprise: { nested: true } });
  t.same(await a.next('pong'), { id: 'x', type: 'pong' }, 'extra unknown fields are ignored');
  a.send({ id: 'err-1', type: 'subscribe', channel_id: 'nope' });
  t.match(await a.next('error'), { id: 'err-1', code: 'VALIDATION_ERROR' }, 'errors echo the request id');

  // Out-of-permission action: error, connection stays open, nothing reaches others.
  const eve = await userOf(srv, 'eve');
  const e = await eve.socket();
  e.send({ id: 'nope', type: 'typing', channel_id: channel });
  t.match(await e.next('error'), { id: 'nope', code: 'PERMISSION_DENIED' });

  // Rate limit: RATE_LIMITED errors, then 1008 if it persists.
  const flood = await ann.socket();
  for (let i = 0; i < 40; i++) flood.send({ type: 'ping' });
  t.match(await flood.next((f) => f.type === 'error'), { code: 'RATE_LIMITED' });
  for (let i = 0; i < 60; i++) flood.send({ type: 'ping' });
  t.equal((await flood.closed).code, 1008, 'a persistent flood is closed with 1008');

  // Oversized frame: 1009.
  const big = await ann.socket();
  big.sendRaw(JSON.stringify({ type: 'ping', pad: 'x'.repeat(5000) }));
  t.equal((await big.closed).code, 1009, 'a frame over the limit is closed with 1009');

  const quiet = await watcher.quiet(200);
  t.same(quiet.filter((f) => f.type !== 'presence_update'), [], 'no bad input reached another client');
  const history = await ann.rest('GET', `/api/channels/${channel}/messages`);
  t.same(history.body.messages, [], 'nothing changed');
  await Promise.all([a.close(), watcher.close(), e.close()]);
});

t.test('channel: the socket refuses missing, bad, tampered and alg:none tokens with 401', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const ann = await userOf(srv, 'ann');
  const refused = async (query: string) => {
    try {
      const client = await connect(srv.wsUrl(`/voice/ws${query}`));
      await client.close();
      return 0;
    } catch (error) {
      return (error as { status?: number }).status;
    }
  };
  t.equal(await refused(''), 401, 'missing');
  t.equal(await refused('?token=garbage'), 401, 'bad');
  const [header, payload, signature] = ann.token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'root' })).toString('base64url');
  t.equal(await refused(`?token=${header}.${forged}.${signature}`), 401, 'tampered');
  const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  t.equal(await refused(`?token=${none}.${payload}.`), 401, 'alg: none');
  const otherSecret = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ann').setExpirationTime('1h').sign(new TextEncoder().encode('wrong'));
  t.equal(await refused(`?token=${otherSecret}`), 401, 'signed with another secret');
  const noExp = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ann').sign(new TextEncoder().encode('test-secret'));
  t.equal(await refused(`?token=${noExp}`), 401, 'no exp claim');
  t.equal(await refused(`?token=${ann.token}`), 0, 'a good token is accepted');
  const res = await fetch(`${srv.url}/api/channels`, { headers: { authorization: `Bearer ${header}.${forged}.${signature}` } });
  t.equal(res.status, 401, 'REST refuses a tampered token too');
});

t.test('channel: a token that expires while connected gets an error, then the socket closes', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const exp = Math.floor(Date.now() / 1000) + 2;
  const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ann').setExpirationTime(exp).sign(new TextEncoder().encode('test-secret'));
  const client = await connect(srv.wsUrl(`/voice/ws?token=${token}`));
  await client.next('ready');
  t.match(await client.next('error', 5000), { code: 'PERMISSION_DENIED', message: /expired/ });
  t.equal((await client.closed).code, 1008);
});

t.test('channel: a frame just under the limit is accepted', async (t) => {
  const srv = await startServer({ MAX_FRAME_BYTES: '4096' });
  t.teardown(() => srv.close());
  const ann = await userOf(srv, 'ann');
  const a = await ann.socket();
  a.sendRaw(JSON.stringify({ id: 'big', type: 'ping', pad: 'x'.repeat(3900) }));
  t.same(await a.next('pong'), { id: 'big', type: 'pong' });
  await a.close();
});
