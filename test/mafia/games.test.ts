import t from 'tap';
import { connect } from '../support/client.js';
import { byRole, event, phase, playDay, playersInLobby, privacyViolations, serverContext, startGame, startMafiaServer, type Bot } from './bots.js';

const night = (bot: Bot, type: string, data: Record<string, string>) =>
  bot.client.send({ type: 'SUBMIT_NIGHT_ACTION', payload: { type, data } });

t.test('mafia over sockets: six bots play to an EMPLOYEES win, and nobody ever sees another player’s secrets', async (t) => {
  const srv = await startMafiaServer();
  t.teardown(() => srv.close());
  const spy = await connect(srv.wsUrl('/mafia/ws'));
  const { gameId, bots } = await playersInLobby(srv);
  await startGame(bots);
  const core = byRole(bots, 'AI_CORE');
  const miner = byRole(bots, 'MINER');
  const security = byRole(bots, 'IT_SECURITY');
  const finance = byRole(bots, 'FINANCE_DIRECTOR');
  const compliance = byRole(bots, 'COMPLIANCE_OFFICER');
  const intern = byRole(bots, 'INTERN');
  t.equal(core.alignment, 'ROGUE_AI');
  t.equal(bots.filter((b) => b.alignment === 'ROGUE_AI').length, 1, 'six players: one AI');

  // Day 1: chat, status, and the intern is nominated but acquitted.
  intern.client.send({ type: 'POST_CHAT_MESSAGE', payload: { content: 'Good morning, team.' } });
  for (const bot of bots) t.match((await event(bot, 'CHAT_MESSAGE')).payload.message, { player_id: intern.id, content: 'Good morning, team.', channel: 'PUBLIC' });
  miner.client.send({ type: 'UPDATE_STATUS', payload: { status: 'reading logs' } });
  t.same((await event(core, 'PLAYER_STATUS_UPDATED')).payload, { player_id: miner.id, status: 'reading logs' });
  const acquitted = await playDay(bots, 1, intern, miner, () => 'NO', bots);
  t.match(acquitted.payload, { deactivated: false });

  // Night 1: the AI tries to convert the miner, whom IT Security patched; the miner mines the core.
  await Promise.all(bots.map((b) => phase(b, 'NIGHT', 1)));
  core.client.send({ type: 'POST_CHAT_MESSAGE', payload: { content: 'Target acquired.' } });
  t.match((await event(core, 'CHAT_MESSAGE', (p) => p.message.channel === 'AI')).payload.message, { content: 'Target acquired.' });
  miner.client.send({ type: 'POST_CHAT_MESSAGE', payload: { content: 'anyone up?' } });
  t.match((await event(miner, 'ERROR')).payload, { code: 'WRONG_PHASE' }, 'employees cannot chat at night');
  night(core, 'CONVERT', { target_player_id: miner.id });
  night(security, 'PATCH', { target_player_id: miner.id });
  night(miner, 'MINE', { target_player_id: core.id });
  night(compliance, 'FIREWALL', { target_player_id: intern.id });
  night(intern, 'SHADOW', { target_player_id: core.id });
  night(finance, 'REALLOCATE_BUDGET', { source_player_id: core.id, destination_player_id: miner.id });
  const resolved = await event(bots[0], 'NIGHT_ACTIONS_RESOLVED');
  t.match(resolved.payload.results, { night_number: 1, intrusion_blocked: true, actions_blocked: 1 });
  t.match((await event(miner, 'PRIVATE_NOTIFICATION', (p) => p.type === 'MINE_RESULT')).payload.data, { target_player_id: core.id, alignment: 'ROGUE_AI' });
  t.match((await event(miner, 'PRIVATE_NOTIFICATION', (p) => p.type === 'INTRUSION_BLOCKED')).payload, { type: 'INTRUSION_BLOCKED' });
  await event(intern, 'PRIVATE_NOTIFICATION', (p) => p.type === 'ACTION_BLOCKED');

  // Day 2: the miner's result carries the vote; the core is deactivated and the employees win.
  const verdict = await playDay(bots, 2, core, miner, () => 'YES', bots);
  t.match(verdict.payload, { deactivated: true });
  for (const bot of bots) {
    t.same((await event(bot, 'PLAYER_DEACTIVATED')).payload, { player_id: core.id, revealed_role: 'AI_CORE', revealed_alignment: 'ROGUE_AI' });
    const ended = await event(bot, 'GAME_ENDED');
    t.equal(ended.payload.winning_faction, 'EMPLOYEES');
    t.equal(ended.payload.player_states.length, 6);
    t.ok(ended.payload.player_states.every((p: any) => p.role && p.alignment), 'every role is revealed at the end');
  }
  await phase(bots[0], 'END', 2);

  t.same(privacyViolations(bots, serverContext(srv, gameId)), []);
  t.same(spy.received, [], 'a socket that never joined hears nothing');
  for (const bot of bots) await bot.client.close();
  await spy.close();
});

t.test('mafia over sockets: six bots play to a ROGUE_AI win through a conversion, with an exit interview', async (t) => {
  const srv = await startMafiaServer();
  t.teardown(() => srv.close());
  const { gameId, bots } = await playersInLobby(srv);
  // Another game on the same server must hear nothing of this one.
  const { bots: strangers } = await playersInLobby(srv, 1);
  await startGame(bots);
  const core = byRole(bots, 'AI_CORE');
  const miner = byRole(bots, 'MINER');
  const security = byRole(bots, 'IT_SECURITY');
  const finance = byRole(bots, 'FINANCE_DIRECTOR');
  const compliance = byRole(bots, 'COMPLIANCE_OFFICER');
  const intern = byRole(bots, 'INTERN');

  // Day 1: the finance director is deactivated.
  const first = await playDay(bots, 1, finance, miner, () => 'YES', bots);
  t.match(first.payload, { deactivated: true });
  const alive = bots.filter((b) => b !== finance);

  // Night 1: confidential feedback to the miner; the intern is converted.
  await Promise.all(bots.map((b) => phase(b, 'NIGHT', 1)));
  finance.client.send({ type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'CONFIDENTIAL_FEEDBACK', target_player_id: miner.id, final_status: 'so long', feedback: 'Watch the intern.' } });
  const filed = await event(core, 'EXIT_INTERVIEW_SUBMITTED');
  t.same(filed.payload, { player_id: finance.id, action: 'CONFIDENTIAL_FEEDBACK', final_status: 'so long' }, 'the public never learns the feedback’s target');
  t.match((await event(miner, 'PRIVATE_NOTIFICATION', (p) => p.type === 'CONFIDENTIAL_FEEDBACK')).payload.data, { from_player_id: finance.id, feedback: 'Watch the intern.' });
  night(finance, 'MINE', { target_player_id: core.id });
  t.match((await event(finance, 'ERROR')).payload, { code: 'PLAYER_INACTIVE' }, 'a deactivated player has no night action');
  night(core, 'CONVERT', { target_player_id: intern.id });
  night(security, 'PATCH', { target_player_id: security.id });
  night(miner, 'MINE', { target_player_id: compliance.id });
  night(compliance, 'FIREWALL', { target_player_id: miner.id });
  night(intern, 'SHADOW', { target_player_id: core.id });
  t.same((await event(intern, 'ALIGNMENT_CHANGED')).payload, { new_alignment: 'ROGUE_AI' });
  const roster = await event(intern, 'PRIVATE_NOTIFICATION', (p) => p.type === 'AI_FACTION_ROSTER');
  t.same(roster.payload.data.members.map((m: any) => m.player_id).sort(), [core.id, intern.id].sort(), 'the convert learns its fellow AI members');
  await event(core, 'PRIVATE_NOTIFICATION', (p) => p.type === 'CONVERSION_SUCCEEDED');
  await event(bots[0], 'NIGHT_ACTIONS_RESOLVED');

  // Day 2: the AI and its convert help deactivate the compliance officer: 2 AI vs 2 employees.
  const second = await playDay(bots, 2, compliance, miner, () => 'YES', alive);
  t.match(second.payload, { deactivated: true });
  for (const bot of bots) {
    const ended = await event(bot, 'GAME_ENDED');
    t.equal(ended.payload.winning_faction, 'ROGUE_AI');
    t.match(ended.payload.player_states.find((p: any) => p.player_id === intern.id), { role: 'INTERN', alignment: 'ROGUE_AI' });
  }
  const view = serverContext(srv, gameId);
  t.same(privacyViolations(bots, view), []);
  t.ok(strangers[0].client.received.every((f) => ['SESSION_CREDENTIALS', 'GAME_STATE_SNAPSHOT', 'PLAYER_JOINED', 'PHASE_CHANGED'].includes(f.type) && f.payload.game_id !== gameId), 'another game hears nothing of this one');
  for (const bot of [...bots, ...strangers]) await bot.client.close();
});
