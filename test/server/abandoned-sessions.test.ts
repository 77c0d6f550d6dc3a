import { randomUUID } from 'node:crypto';
import t from 'tap';
import { connect, http } from '../support/client.js';
import { startServer } from '../support/server.js';
import { calibrateOverSocket } from '../pong/calibrate-over-socket.js';

// Real sessions whose clients all went away — a calibrated pong session whose socket closed, a
// mafia lobby everyone left, a channel nobody listens to, an answered conversation — leave
// memory once idle for PASSIVATE_AFTER_MS (kept short here) and come back as they were when a
// client returns: from their snapshot (pong, mafia) or from their rows (channel, conversation).
const env = {
  PASSIVATE_AFTER_MS: '200',
  PONG_CAL_BASELINE_MS: '1200',
  PONG_CAL_TRIAL_MS: '250',
  PONG_CAL_MIN_SAMPLES: '2',
  LIBRARY_AI_CHUNK_DELAY_MS: '0',
};

t.test('abandoned sessions: passivated once idle, restored on demand', async (t) => {
  const srv = await startServer(env);
  t.teardown(() => srv.close());
  const live = async (kind: string) => ((await http(srv.url, 'GET', '/healthz')).body.actors[kind] ?? 0) as number;
  /** Wait (generously: a loaded machine sweeps late) until no actor of `kind` is live. */
  const passivated = async (kind: string) => {
    const deadline = Date.now() + 30_000;
    while ((await live(kind)) > 0) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  };

  // Pong: a calibrated session, its socket gone.
  const userId = randomUUID();
  const player = await connect(srv.wsUrl('/pong/ws'));
  player.send({ type: 'connect', data: { userId } });
  await player.next('session_created');
  t.match((await calibrateOverSocket(player, 15_000)).data, { status: 'success' });
  await player.close();
  t.ok(await passivated('pong'), 'the abandoned pong session leaves memory');
  const back = await connect(srv.wsUrl('/pong/ws'));
  back.send({ type: 'connect', data: { userId } });
  t.match((await back.next('session_created')).data, { sessionId: userId, calibrationRequired: false }, 'and resumes with its calibration');
  await back.close();

  // Mafia: a lobby its only player (the host) left.
  const host = await connect(srv.wsUrl('/mafia/ws'));
  host.send({ type: 'CREATE_GAME', payload: { player_name: 'Ann' } });
  const credentials = (await host.next('SESSION_CREDENTIALS')).payload;
  await host.next('GAME_STATE_SNAPSHOT');
  await host.close();
  t.ok(await passivated('mafia'), 'the abandoned lobby leaves memory');
  const again = await connect(srv.wsUrl('/mafia/ws'));
  again.send({ type: 'RECONNECT', payload: credentials });
  const snapshot = (await again.next('GAME_STATE_SNAPSHOT')).payload.game_state;
  t.match(snapshot, { game_id: credentials.game_id, host_player_id: credentials.player_id }, 'and RECONNECT finds it, its host still host');
  await again.close();

  // Channel: subscribed once, then nobody listens.
  const token = srv.server.auth.mint('ann', 600).token;
  const auth = { authorization: `Bearer ${token}` };
  const channel = (await http(srv.url, 'POST', '/api/channels', { name: 'quiet' }, auth)).body;
  const voice = await connect(srv.wsUrl(`/voice/ws?token=${token}`));
  await voice.next('ready');
  voice.send({ id: 's', type: 'subscribe', channel_id: channel.id });
  await voice.next((f) => f.id === 's');
  await http(srv.url, 'POST', `/api/channels/${channel.id}/messages`, { content: 'before' }, auth);
  await voice.next('message_create');
  await voice.close();
  t.ok(await passivated('channel'), 'the channel nobody listens to leaves memory');
  t.ok(await passivated('presence'), 'and so does the presence of its user, gone offline');
  t.match(await http(srv.url, 'GET', `/api/channels/${channel.id}/messages`, undefined, auth), { status: 200, body: { messages: [{ content: 'before' }] } }, 'its history is intact');

  // Conversation: answered, then its socket gone.
  const library = await connect(srv.wsUrl(`/ws?token=${token}`));
  await library.next('connection_established');
  const ask = async (id: string, message: string) => {
    library.send({ type: 'ai_chat_message', data: { message, context: { conversation_id: 'conv_quiet' } }, id, timestamp: new Date().toISOString() });
    return library.next((f) => f.id === id && (f.type === 'ai_chat_response_complete' || f.type === 'ai_error'), 15_000);
  };
  t.equal((await ask('m1', 'What are my most played games?')).type, 'ai_chat_response_complete');
  t.ok(await passivated('conversation'), 'the answered conversation leaves memory');
  t.equal((await ask('m2', 'And what should I play next?')).type, 'ai_chat_response_complete', 'and answers again when asked');
  await library.close();
  const stored = await http(srv.url, 'GET', '/api/conversations/conv_quiet', undefined, auth);
  t.equal(stored.body.messages.length, 4, 'with both turns in its history');
});
