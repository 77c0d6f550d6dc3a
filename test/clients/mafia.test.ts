import t from 'tap';
import { ActorcadeError, MafiaClient, type MafiaEvent } from '../../clients/typescript/src/index.js';
import { startMafiaServer } from '../mafia/bots.js';
import { dropAndResume, record, sdkOptions } from './support.js';

/** Short phases: nobody needs to act for the game to reach its end by attrition. */
const SHORT = { MAFIA_DAY_MS: '2500', MAFIA_VERDICT_MS: '500', MAFIA_NIGHT_MS: '800', MAFIA_MAX_DAYS: '2' };

t.test('sdk mafia: six clients create, join and play a game to its end with short timers; one drops and RECONNECTs', async (t) => {
  const srv = await startMafiaServer(SHORT);
  t.teardown(() => srv.close());
  const url = srv.wsUrl('/mafia/ws');
  const host = await MafiaClient.connect(url, { create: { player_name: 'Host' } }, sdkOptions);
  const gameId = host.credentials!.game_id;
  t.match(host.credentials, { game_id: /\S/, player_id: /\S/, session_token: /\S/ }, 'CREATE_GAME answered with credentials');
  t.equal(host.gameState?.phase, 'LOBBY', 'and resynchronised from GAME_STATE_SNAPSHOT');

  const taken = await MafiaClient.connect(url, { join: { game_id: gameId, player_name: 'host' } }, sdkOptions).catch((e) => e);
  t.ok(taken instanceof ActorcadeError && taken.code === 'NAME_TAKEN', 'a refused JOIN_GAME rejects with the wire code');

  const others = [];
  for (let i = 1; i < 6; i++) others.push(await MafiaClient.connect(url, { join: { game_id: gameId, player_name: `P${i}` } }, sdkOptions));
  const players = [host, ...others];
  t.teardown(() => Promise.all(players.map((p) => p.close())));
  const logs = new Map(players.map((p) => [p, record<MafiaEvent>(p)]));

  const notHost = await others[0].startGame().catch((e) => e);
  t.equal(notHost.code, 'NOT_HOST', 'START_GAME by a guest is refused');
  const card = await host.startGame();
  t.ok(card.payload.your_role.role, 'START_GAME resolves with the host\'s ROLE_ASSIGNED');
  for (const p of others) await logs.get(p)!.take('ROLE_ASSIGNED');

  await logs.get(host)!.take('PHASE_CHANGED', (e) => e.payload.new_phase === 'DAY');
  const posted = await host.chat({ content: 'Morning, team.' });
  t.equal(posted.payload.message.content, 'Morning, team.', 'POST_CHAT_MESSAGE resolves with its CHAT_MESSAGE');
  const pulse = await others[1].pulseCheck({ response: 'All good here.' });
  t.equal(pulse.payload.player_id, others[1].credentials!.player_id, 'SUBMIT_PULSE_CHECK resolves with its PULSE_CHECK_SUBMITTED');

  // A network drop mid-game: the client sends RECONNECT with its token and is resynchronised.
  const dropped = others[2];
  const reconnected = await dropAndResume(dropped);
  t.ok(reconnected.attempts >= 1, 'reconnected');
  t.ok(dropped.gameState && dropped.gameState.phase !== 'LOBBY', `snapshot after RECONNECT shows the running game (${dropped.gameState?.phase})`);
  t.equal(dropped.gameState?.you.player_id, dropped.credentials!.player_id, 'as this player sees it');
  await logs.get(host)!.take('PLAYER_RECONNECTED', (e) => e.payload.player_id === dropped.credentials!.player_id);

  const ends = await Promise.all(players.map((p) => logs.get(p)!.take('GAME_ENDED', () => true, 30_000)));
  t.ok(ends.every((e) => e.payload.winning_faction === ends[0].payload.winning_faction), `everyone saw the end (${ends[0].payload.reason_code})`);
  t.equal(ends[0].payload.player_states.length, 6, 'with every player\'s final state');
  const late = await host.vote({ vote_target_id: others[0].credentials!.player_id }).catch((e) => e);
  t.ok(late instanceof ActorcadeError && late.code === 'GAME_OVER', `a vote after the end is refused (${late.code})`);
  for (const [, log] of logs) t.same(log.invalid, [], 'every frame validated against the codecs');
});
