import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { connect } from '../support/client.js';
import { byRole, event, playDay, playersInLobby, startGame, startMafiaServer } from './bots.js';

t.test('mafia restart: a game in progress survives a server restart and plays on after everyone reconnects', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mafia-restart-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startMafiaServer({ DATA_DIR: dataDir });
  const { gameId, bots } = await playersInLobby(first);
  await startGame(bots);
  const core = byRole(bots, 'AI_CORE');
  const miner = byRole(bots, 'MINER');
  bots[0].client.send({ type: 'POST_CHAT_MESSAGE', payload: { content: 'remember me' } });
  await event(bots[1], 'CHAT_MESSAGE');
  await first.close({ keepData: true });

  const second = await startMafiaServer({ DATA_DIR: dataDir });
  t.teardown(() => second.close({ keepData: true }));
  for (const bot of bots) {
    bot.client = await connect(second.wsUrl('/mafia/ws'));
    bot.sockets.push(bot.client);
    bot.client.send({ type: 'RECONNECT', payload: { game_id: gameId, player_id: bot.id, session_token: bot.token } });
    const snapshot = (await bot.client.next('GAME_STATE_SNAPSHOT')).payload.game_state;
    t.match(snapshot, { phase: 'DAY', sub_phase: 'NOMINATION', day_number: 1, you: { role: { role: bot.role } } });
    t.match((await bot.client.next('CHAT_HISTORY_SNAPSHOT')).payload.messages, [{ content: 'remember me' }]);
  }
  // The restored game still counts votes and ends the day; the miner's vote decides.
  const verdict = await playDay(bots, 1, core, miner, () => 'YES', bots, { awaitPhase: false });
  t.match(verdict.payload, { deactivated: true });
  t.equal((await event(bots[2], 'GAME_ENDED')).payload.winning_faction, 'EMPLOYEES');
  for (const bot of bots) await bot.client.close();
});
