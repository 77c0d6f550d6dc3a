import t from 'tap';
import { connect, http } from '../support/client.js';
import { startServer } from '../support/server.js';

// JSON text (RFC 8259) has no byte order mark: a BOM-prefixed frame is bad input on every
// route — the family's validation error, nothing changes, the socket stays open.
const BOM = '\ufeff';

t.test('wire edges: a frame that starts with a BOM is refused on every route and changes nothing', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const token = (user: string) => srv.server.auth.mint(user, 600).token;

  t.test('mafia: a BOM-prefixed CREATE_GAME creates no game', async (t) => {
    const c = await connect(srv.wsUrl('/mafia/ws'));
    c.sendRaw(BOM + JSON.stringify({ type: 'CREATE_GAME', payload: { player_name: 'Ann' } }));
    t.match(await c.next('ERROR'), { payload: { code: 'VALIDATION_ERROR', message: /byte order mark/ } });
    const later = await c.quiet(200);
    t.notOk(later.some((f) => f.type === 'SESSION_CREDENTIALS'), 'no credentials: no game was created');
    c.send({ type: 'CREATE_GAME', payload: { player_name: 'Ann' } });
    t.match(await c.next('SESSION_CREDENTIALS'), { payload: { game_id: String } }, 'the socket is still open and usable');
    await c.close();
  });

  t.test('pong: a BOM-prefixed disconnect does not close the socket', async (t) => {
    const c = await connect(srv.wsUrl('/pong/ws'));
    c.send({ type: 'connect', data: {} });
    await c.next('session_created');
    c.sendRaw(BOM + JSON.stringify({ type: 'disconnect', data: {} }));
    t.match(await c.next('error'), { data: { code: 'VALIDATION_ERROR', message: /byte order mark/ } });
    c.send({ type: 'start_calibration', data: {} });
    t.match(await c.next((f) => f.type !== 'error'), { type: String }, 'the session still answers');
    await c.close();
  });

  t.test('poker, channel, library and opponent answer their own validation error', async (t) => {
    const poker = await connect(srv.wsUrl('/poker/ws'));
    await poker.next('SESSION');
    poker.sendRaw(BOM + JSON.stringify({ type: 'SIT', cmdId: 'c-1', tableId: 't-1', buyIn: 5000 }));
    t.match(await poker.next('ERROR'), { code: 'VALIDATION_ERROR', msg: /byte order mark/ });
    const tables = await http(srv.url, 'GET', '/api/tables');
    t.match(tables.body, { tables: [{ tableId: 't-1', players: 0 }] }, 'nobody sat down');
    await poker.close();

    const channel = await connect(srv.wsUrl(`/voice/ws?token=${token('ann')}`));
    await channel.next('ready');
    channel.sendRaw(BOM + JSON.stringify({ id: 'r1', type: 'ping' }));
    t.match(await channel.next('error'), { code: 'VALIDATION_ERROR', message: /byte order mark/ });
    await channel.close();

    const library = await connect(srv.wsUrl(`/ws?token=${token('bob')}`));
    library.sendRaw(BOM + JSON.stringify({ type: 'ping', data: {}, timestamp: new Date().toISOString(), id: 'm1' }));
    t.match(await library.next('error'), { data: { error_code: 'VALIDATION_ERROR', message: /byte order mark/ } });
    await library.close();

    const opponent = await connect(srv.wsUrl('/opponent/ws'));
    opponent.sendRaw(BOM + '{}');
    t.match(await opponent.next('error'), { code: 'INVALID_EVENT', message: /byte order mark/ });
    await opponent.close();
  });
});

// Beyond 2^53 a JSON number names no single integer: 9007199254740993 parses as …992, and
// 1e308 is an "integer" to Number.isInteger. Every integer field is a safe integer.
t.test('wire edges: integers beyond 2^53 are a validation error', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const gameEvent = (score: string) =>
    `{"type":"game_event","event_id":"e1","game_mode":"pong","event":"player_score","score":{"player":${score},"ai":0},` +
    `"current_difficulty":0.5,"timestamp_ms":${Date.now()}}`;

  t.test('opponent: a score beyond 2^53 gets INVALID_EVENT naming the field, a safe one an update', async (t) => {
    const opponent = await connect(srv.wsUrl('/opponent/ws'));
    for (const score of ['9007199254740993', '1e308', '9007199254740992', '-1']) {
      opponent.sendRaw(gameEvent(score));
      t.match(await opponent.next('error'), { code: 'INVALID_EVENT', message: /score\.player/ }, `score ${score} is refused`);
    }
    opponent.sendRaw(gameEvent('9007199254740991'));
    t.match(await opponent.next('opponent_update'), { event_id: 'e1' }, 'the largest safe integer is accepted');
    t.equal(opponent.received.filter((f) => f.type === 'opponent_update').length, 1, 'no unsafe score got an update');
    await opponent.close();
  });

  t.test('channel: an ICE sdpMLineIndex beyond 2^53 is refused by the codec, before any actor', async (t) => {
    const channel = await connect(srv.wsUrl(`/voice/ws?token=${srv.server.auth.mint('ann', 600).token}`));
    await channel.next('ready');
    const frame = (index: string) =>
      `{"id":"i1","type":"voice_ice","channel_id":"01936e9a-4b7e-7f3c-8d5a-2f1e3c4b5a6d","target_user_id":"bob",` +
      `"candidate":{"candidate":"candidate:1 1 UDP 1 192.0.2.1 9 typ host","sdpMLineIndex":${index}}}`;
    for (const index of ['9007199254740993', '1e308']) {
      channel.sendRaw(frame(index));
      t.match(await channel.next('error'), { id: 'i1', code: 'VALIDATION_ERROR', message: /candidate/ }, `sdpMLineIndex ${index}`);
    }
    channel.sendRaw(frame('0'));
    t.match(await channel.next('error'), { id: 'i1', code: 'NOT_FOUND' }, 'a safe index passes the codec (and the actor answers: no such channel)');
    await channel.close();
  });
});

t.test('wire edges: voice SDP and ICE candidates have length limits, as configured', async (t) => {
  const srv = await startServer({ VOICE_SDP_MAX_CHARS: '1000', VOICE_ICE_MAX_CHARS: '300' });
  t.teardown(() => srv.close());
  const { userOf, subscribe } = await import('../channel/support.js');
  const ann = await userOf(srv, 'ann');
  const bob = await userOf(srv, 'bob');
  const created = await ann.rest('POST', '/api/channels', { name: 'call' });
  const channel: string = created.body.id;
  t.equal((await ann.rest('POST', `/api/channels/${channel}/members`, { user_id: 'bob' })).status < 300, true, 'bob is a member');
  const a = await ann.socket();
  const b = await bob.socket();
  await subscribe(a, channel);
  await subscribe(b, channel);
  a.send({ type: 'voice_join', channel_id: channel });
  await a.next((f) => f.type === 'voice_user_joined' && f.user_id === 'ann');
  b.send({ type: 'voice_join', channel_id: channel });
  await a.next((f) => f.type === 'voice_user_joined' && f.user_id === 'bob');

  const atLimit = 'v=0 ' + 'x'.repeat(996);
  b.send({ type: 'voice_offer', channel_id: channel, target_user_id: 'ann', sdp: atLimit });
  t.match(await a.next('voice_offer'), { from_user_id: 'bob', sdp: atLimit }, 'an SDP of exactly VOICE_SDP_MAX_CHARS is relayed');
  for (const type of ['voice_offer', 'voice_answer']) {
    b.send({ id: `long-${type}`, type, channel_id: channel, target_user_id: 'ann', sdp: atLimit + 'x' });
    t.match(await b.next('error'), { id: `long-${type}`, code: 'VALIDATION_ERROR', message: /sdp: expected SDP string \(1\.\.1000 chars\)/ });
  }

  const line = 'candidate:1 1 UDP 2122252543 192.0.2.1 54400 typ host ';
  const iceAtLimit = line + 'x'.repeat(300 - line.length);
  b.send({ type: 'voice_ice', channel_id: channel, target_user_id: 'ann', candidate: iceAtLimit });
  t.match(await a.next('voice_ice'), { candidate: iceAtLimit }, 'a candidate string of exactly VOICE_ICE_MAX_CHARS is relayed');
  const tooLong = [iceAtLimit + 'x', { candidate: iceAtLimit + 'x' }, { candidate: line, sdpMid: 'm'.repeat(301) }, { candidate: line, usernameFragment: 'u'.repeat(301) }];
  for (const [i, candidate] of tooLong.entries()) {
    b.send({ id: `ice-${i}`, type: 'voice_ice', channel_id: channel, target_user_id: 'ann', candidate });
    t.match(await b.next('error'), { id: `ice-${i}`, code: 'VALIDATION_ERROR', message: /candidate/ }, `too long candidate ${i} is refused`);
  }
  const later = await a.quiet(200);
  t.notOk(later.some((f) => f.type === 'voice_offer' || f.type === 'voice_answer' || f.type === 'voice_ice'), 'nothing over a limit reached the peer');
  await a.close();
  await b.close();
});

t.test('wire edges: a text frame with invalid UTF-8 is counted in /metrics when uWS drops its connection', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const metric = async () => {
    const text = (await http(srv.url, 'GET', '/metrics')).body as string;
    return Number(/actorcade_invalid_utf8_closes_total\{route="\/pong\/ws"\} (\d+)/.exec(text)?.[1] ?? 0);
  };
  t.equal(await metric(), 0);
  const c = await connect(srv.wsUrl('/pong/ws'));
  // uWS refuses the frame before any handler runs and closes without a close frame (RFC 6455 §8.1 "fail the connection").
  c.ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false });
  t.equal((await c.closed).code, 1006);
  t.equal(await metric(), 1, 'the operator can see it happen');
  const other = await connect(srv.wsUrl('/pong/ws'));
  other.send({ type: 'connect' });
  t.ok(await other.next('session_created'), 'other sockets are served as before');
  await other.close();
});
