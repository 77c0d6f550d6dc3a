import t from 'tap';
import { connect, http, type TestClient } from '../support/client.js';
import { playersInLobby, startGame, type Bot } from '../mafia/bots.js';
import type { TestServer } from '../support/server.js';
import { startProcessCluster, type NodeProcess } from './node-processes.js';

// The nomination outlasts any failover (nothing races the kill); the night is short, so it ends by its timer
// on the survivor: a restored game re-arms its deadlines.
const env = { MAFIA_DAY_MS: '60000', MAFIA_VERDICT_MS: '60000', MAFIA_NIGHT_MS: '2000', MAFIA_SEED: '20261122', RATE_LIMIT_PER_SEC: '1000', RATE_LIMIT_BURST: '1000' };
// Generous: a loaded machine (CI runs two cluster files at once) stretches a takeover far beyond its lease.
const WAIT = 45_000;

const frame = (client: TestClient, type: string, match: (payload: any) => boolean = () => true) =>
  client.next((f) => f?.type === type && match(f.payload), WAIT);

/** Which of `nodes` runs the game's actor, as each node's /healthz counts them. */
async function ownerOf(nodes: NodeProcess[]): Promise<NodeProcess[]> {
  const counts = await Promise.all(nodes.map(async (node) => (await http(node.url, 'GET', '/healthz')).body.actors.mafia ?? 0));
  return nodes.filter((_, i) => counts[i] > 0);
}

/** A new socket on `to` for `bot`, bound with RECONNECT: resolves with the game state its snapshot shows. */
async function reconnect(bot: Bot, to: NodeProcess, gameId: string) {
  const client = await connect(to.wsUrl('/mafia/ws'));
  bot.client = client;
  bot.sockets.push(client);
  client.send({ type: 'RECONNECT', payload: { game_id: gameId, player_id: bot.id, session_token: bot.token } });
  const state = (await client.next('GAME_STATE_SNAPSHOT', WAIT)).payload.game_state;
  const history = (await client.next('CHAT_HISTORY_SNAPSHOT', WAIT)).payload.messages;
  return { state, history };
}

t.test('failover: kill -9 the node that owns a mafia game mid-day; players RECONNECT on the survivor, nothing acknowledged is lost, the game goes on', async (t) => {
  const cluster = await startProcessCluster(t, env);
  if (!cluster) return;
  const a = await cluster.start('a');
  const b = await cluster.start('b');
  let i = 0;
  const alternating = { wsUrl: (path: string) => [a, b][i++ % 2].wsUrl(path) } as TestServer;
  const { gameId, bots } = await playersInLobby(alternating); // Bot1 (even bots) on a, which created the game
  await startGame(bots);
  const [owner] = await ownerOf([a, b]);
  t.equal(owner, a, 'the game lives on the node of the socket that created it');
  const moved = bots.filter((_, n) => n % 2 === 0);
  const stayed = bots.filter((_, n) => n % 2 === 1);
  const core = bots.find((bot) => bot.role === 'AI_CORE')!;
  const other = bots.find((bot) => bot !== core)!;
  const listener = stayed[0].client;

  // Acknowledged before the kill: a chat message, every Pulse Check, and the nomination votes of three players.
  await frame(listener, 'PHASE_CHANGED', (p) => p.new_phase === 'DAY' && p.day_number === 1);
  moved[0].client.send({ type: 'POST_CHAT_MESSAGE', payload: { content: 'said before the crash' } });
  await frame(listener, 'CHAT_MESSAGE', (p) => p.message.content === 'said before the crash');
  for (const bot of bots) bot.client.send({ type: 'SUBMIT_PULSE_CHECK', payload: { response: `Steady, says ${bot.name}.` } });
  await Promise.all(bots.map((bot) => frame(listener, 'PULSE_CHECK_SUBMITTED', (p) => p.player_id === bot.id)));
  const early = bots.filter((bot) => bot !== core).slice(0, 3);
  for (const bot of early) bot.client.send({ type: 'SUBMIT_VOTE', payload: { vote_target_id: core.id } });
  await Promise.all(early.map((bot) => frame(listener, 'VOTE_CAST', (p) => p.voter_id === bot.id)));

  await a.crash();
  for (const bot of moved) {
    const { state, history } = await reconnect(bot, b, gameId);
    t.match(state, { phase: 'DAY', sub_phase: 'NOMINATION', day_number: 1 }, `${bot.name}: still the nomination of day 1`);
    t.match(state.you, { player_id: bot.id, alignment: bot.alignment, role: { role: bot.role } }, `${bot.name}: role and alignment unchanged`);
    t.same(state.pulse_checks.map((p: any) => p.player_id).sort(), bots.map((x) => x.id).sort(), `${bot.name}: every Pulse Check kept`);
    t.same(state.nominations.map((n: any) => [n.voter_id, n.vote_target_id]).sort(), early.map((x) => [x.id, core.id]).sort(), `${bot.name}: the three votes kept`);
    t.match(history, [{ content: 'said before the crash', player_id: moved[0].id }], `${bot.name}: the chat kept`);
  }

  // The rest vote; the three votes cast before the kill count in the tally the survivor closes with.
  const late = bots.filter((bot) => !early.includes(bot));
  for (const bot of late) bot.client.send({ type: 'SUBMIT_VOTE', payload: { vote_target_id: bot === core ? other.id : core.id } });
  const closed = await frame(listener, 'NOMINATION_CLOSED');
  t.equal(closed.payload.nominee_id, core.id, 'the nominee is the one the votes before and after the kill named');
  t.equal(closed.payload.tally.find((x: any) => x.player_id === core.id)?.votes, 5, 'five votes against them: three from before the kill');
  await frame(listener, 'VERDICT_STARTED', (p) => p.nominee_id === core.id);
  for (const bot of bots) if (bot !== core) bot.client.send({ type: 'SUBMIT_VOTE', payload: { verdict: 'NO' } });
  t.match((await frame(listener, 'VERDICT_CLOSED')).payload, { nominee_id: core.id, deactivated: false }, 'the verdict closes when every juror voted');

  // Nobody acts tonight: the night ends by its own timer, on the survivor.
  for (const bot of bots) await frame(bot.client, 'PHASE_CHANGED', (p) => p.new_phase === 'NIGHT' && p.day_number === 1);
  for (const bot of bots) await frame(bot.client, 'PHASE_CHANGED', (p) => p.new_phase === 'DAY' && p.day_number === 2);
  t.pass('every player, moved or not, hears night 1 and day 2');

  for (const bot of stayed) {
    const { state } = await reconnect(bot, b, gameId);
    t.match(state, { phase: 'DAY', sub_phase: 'NOMINATION', day_number: 2, you: { alignment: bot.alignment, role: { role: bot.role } } }, `${bot.name}: role and alignment unchanged on day 2`);
    if (bot === stayed.at(-1)) t.same(state.players.filter((p: any) => !p.is_connected), [], 'everyone shows as connected once all are back');
  }
  t.same(
    bots.flatMap((bot) => bot.sockets.flatMap((s) => s.received.filter((f) => f?.type === 'ERROR'))),
    [],
    'no player saw an error',
  );
  for (const bot of bots) await bot.client.close();
});
