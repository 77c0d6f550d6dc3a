import t from 'tap';
import { CRISES } from '../../machines/mafia/crises.js';
import { createGame, errorOf, payloadsOf, voteOut, withContext } from './harness.js';

const employees = (game: ReturnType<typeof createGame>) => game.active().filter((id) => game.player(id).alignment === 'EMPLOYEES');
const crisis = (id: keyof typeof CRISES) => (c: any) => ({ ...c, crisis: CRISES[id] });

t.test('mafia effects: a tie at the top of the nomination nominates nobody and night falls', async (t) => {
  const game = createGame({ seed: 3 });
  game.start();
  const [a, b, c, d, e, f] = game.ids;
  const votes: [string, string][] = [[a, b], [b, a], [c, a], [d, b], [e, c], [f, c]];
  let outs: any[] = [];
  for (const [voter, target] of votes) outs = game.send(voter, { type: 'SUBMIT_VOTE', payload: { vote_target_id: target } });
  t.match(payloadsOf(outs, 'NOMINATION_CLOSED')[0], { nominee_id: null });
  t.match(payloadsOf(outs, 'PHASE_CHANGED')[0], { new_phase: 'NIGHT', day_number: 1 });
  t.same(game.state(), 'night');
});

t.test('mafia effects: ALL_HANDS_MEETING lets only Pulse Check respondents vote in the verdict', async (t) => {
  let game = createGame();
  game.start();
  game = withContext(game, crisis('ALL_HANDS_MEETING'));
  const [nominee, other, talker, silent] = employees(game);
  game.send(talker, { type: 'SUBMIT_PULSE_CHECK', payload: { response: 'We need transparency.' } });
  for (const id of game.active()) game.send(id, { type: 'SUBMIT_VOTE', payload: { vote_target_id: id === nominee ? other : nominee } });
  t.same(game.state(), { day: 'verdict' });
  t.match(errorOf(game.send(silent, { type: 'SUBMIT_VOTE', payload: { verdict: 'YES' } })), { code: 'NOT_ELIGIBLE', message: /ALL_HANDS_MEETING/ });
  const outs = game.send(talker, { type: 'SUBMIT_VOTE', payload: { verdict: 'YES' } });
  t.match(payloadsOf(outs, 'VERDICT_CLOSED')[0], { nominee_id: nominee, yes: 1, no: 0, deactivated: true }, 'the only eligible juror decides');
});

t.test('mafia effects: QUIET_PERIOD caps each player’s chat for the day', async (t) => {
  let game = createGame();
  game.start();
  game = withContext(game, crisis('QUIET_PERIOD'));
  const [me, you] = game.ids;
  for (let i = 0; i < 3; i++) t.equal(payloadsOf(game.send(me, { type: 'POST_CHAT_MESSAGE', payload: { content: `msg ${i}` } }), 'CHAT_MESSAGE').length, 1);
  t.match(errorOf(game.send(me, { type: 'POST_CHAT_MESSAGE', payload: { content: 'one more' } })), { code: 'QUOTA_EXCEEDED' });
  t.equal(payloadsOf(game.send(you, { type: 'POST_CHAT_MESSAGE', payload: { content: 'mine' } }), 'CHAT_MESSAGE').length, 1, 'the quota is per player');
});

t.test('mafia effects: MANDATORY_OVERTIME makes the day half as long again', async (t) => {
  for (let seed = 1; seed < 200; seed++) {
    const game = createGame({ seed });
    const outs = game.start();
    const phase = payloadsOf(outs, 'PHASE_CHANGED')[0];
    if (phase.crisis_event.crisis_id !== 'MANDATORY_OVERTIME') continue;
    t.equal(phase.duration_sec, 90, '60 s × 1.5');
    t.equal(game.ctx().deadline - game.clock.now(), 90_000);
    return;
  }
  t.fail('no seed under 200 opens with overtime');
});

t.test('mafia effects: exit interviews — HANDOFF adds a vote, BURN_BRIDGES takes one away, feedback stays private', async (t) => {
  const game = createGame({ seed: 11 });
  game.start();
  const [gone, heir, burned, confidant] = employees(game);
  voteOut(game, gone, heir);
  t.equal(game.player(gone).active, false);
  t.match(errorOf(game.send(gone, { type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'HANDOFF', final_status: 'x' } })), { code: 'VALIDATION_ERROR', message: /target_player_id/ });
  t.equal(errorOf(game.send(heir, { type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'HANDOFF', target_player_id: gone, final_status: 'x' } }))?.code, 'NOT_ELIGIBLE');
  const outs = game.send(gone, { type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'HANDOFF', target_player_id: heir, final_status: 'good luck' } });
  t.same(payloadsOf(outs, 'EXIT_INTERVIEW_SUBMITTED')[0], { player_id: gone, action: 'HANDOFF', final_status: 'good luck', target_player_id: heir });
  t.equal(errorOf(game.send(gone, { type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'BURN_BRIDGES', target_player_id: burned, final_status: 'x' } }))?.code, 'ALREADY_SUBMITTED');
  const dawn = game.advance(30_000);
  const day2 = payloadsOf(dawn, 'PHASE_CHANGED').find((p) => p.new_phase === 'DAY');
  t.equal(day2.vote_weights[heir], game.ctx().crisis?.crisis_id === 'BUDGET_FREEZE' ? 1 : 2, 'the heir votes double (unless a budget freeze)');
  t.equal(game.player(gone).status, 'good luck');

  const other = createGame({ seed: 11 });
  other.start();
  voteOut(other, gone, heir);
  other.send(gone, { type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'BURN_BRIDGES', target_player_id: burned, final_status: 'bye' } });
  other.advance(30_000);
  t.match(errorOf(other.send(burned, { type: 'SUBMIT_VOTE', payload: { vote_target_id: heir } })), { code: 'NOT_ELIGIBLE' }, 'a burned bridge cannot vote next day');

  const third = createGame({ seed: 11 });
  third.start();
  voteOut(third, gone, heir);
  const fb = third.send(gone, { type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'CONFIDENTIAL_FEEDBACK', target_player_id: confidant, final_status: 'bye', feedback: 'Trust no one.' } });
  const feedback = fb.filter((o) => o.event.type === 'PRIVATE_NOTIFICATION');
  t.same(feedback.map((o) => o.to), [{ member: confidant }]);
  t.notOk(JSON.stringify(fb.filter((o) => o.to === 'session')).includes(confidant), 'the public never learns the target');
});

t.test('mafia effects: a system shock keeps its target from voting the next day (10 players: a Deepfake)', async (t) => {
  const game = createGame({ seed: 5, players: 10 });
  game.start();
  t.equal(game.byRole('DEEPFAKE').length, 1);
  const [core] = game.byRole('AI_CORE');
  const [deepfake] = game.byRole('DEEPFAKE');
  const [victim, other] = employees(game).filter((id) => game.player(id).role !== 'IT_SECURITY');
  const g = withContext(game, (c) => ({ ...c, crisis: CRISES.MANDATORY_OVERTIME }));
  const t1 = g.ids.filter((id) => id !== core && id !== deepfake);
  for (const id of g.active()) g.send(id, { type: 'SUBMIT_VOTE', payload: { vote_target_id: id === t1[0] ? t1[1] : t1[0] } });
  for (const id of g.active()) if (id !== t1[0]) g.send(id, { type: 'SUBMIT_VOTE', payload: { verdict: 'NO' } });
  t.same(g.state(), 'night');
  t.match(errorOf(g.send(core, { type: 'SUBMIT_NIGHT_ACTION', payload: { type: 'SYSTEM_SHOCK', data: { target_player_id: victim } } })), { code: 'ACTION_NOT_ALLOWED' });
  t.match(errorOf(g.send(deepfake, { type: 'SUBMIT_NIGHT_ACTION', payload: { type: 'SYSTEM_SHOCK', data: { target_player_id: core } } })), { code: 'INVALID_TARGET' });
  const accepted = g.send(deepfake, { type: 'SUBMIT_NIGHT_ACTION', payload: { type: 'SYSTEM_SHOCK', data: { target_player_id: victim } } });
  t.same(accepted.map((o) => [o.to, o.event.type]), [['sender', 'NIGHT_ACTION_ACCEPTED']]);
  const outs = g.advance(30_000);
  const shock = outs.filter((o) => (o.event.payload as any)?.type === 'SYSTEM_SHOCK_AFFLICTED');
  t.same(shock.map((o) => o.to), [{ member: victim }], 'only the victim is told');
  t.match(errorOf(g.send(victim, { type: 'SUBMIT_VOTE', payload: { vote_target_id: other } })), { code: 'NOT_ELIGIBLE' });
  t.notOk(errorOf(g.send(other, { type: 'SUBMIT_VOTE', payload: { vote_target_id: victim } })));

});

t.test('mafia effects: at night only AI members chat, on a channel only they hear; the deactivated are silent', async (t) => {
  const game = createGame({ seed: 21 });
  game.start();
  const [core] = game.byRole('AI_CORE');
  const [gone, other, employee] = employees(game);
  voteOut(game, gone, other);
  t.same(game.state(), 'night');
  const outs = game.send(core, { type: 'POST_CHAT_MESSAGE', payload: { content: 'who next?' } });
  t.same(outs.map((o) => o.to), [{ member: core }]);
  t.equal((outs[0].event.payload as any).message.channel, 'AI');
  t.match(errorOf(game.send(employee, { type: 'POST_CHAT_MESSAGE', payload: { content: 'hello?' } })), { code: 'WRONG_PHASE' });
  t.match(errorOf(game.send(gone, { type: 'POST_CHAT_MESSAGE', payload: { content: 'boo' } })), { code: 'PLAYER_INACTIVE' });
  t.match(errorOf(game.send(gone, { type: 'UPDATE_STATUS', payload: { status: 'ghost' } })), { code: 'PLAYER_INACTIVE' });
  t.match(errorOf(game.send('p-stranger', { type: 'POST_CHAT_MESSAGE', payload: { content: 'hi' } })), { code: 'NOT_IN_GAME' });
});

t.test('mafia effects: completing a Personal KPI is told privately, once', async (t) => {
  const game = createGame({ seed: 2 });
  game.start();
  const owner = game.ctx().players.find((p) => p.kpi?.kpi_id === 'STATUS_SYMBOL')!.id;
  const outs = [1, 2, 3, 4].flatMap((i) => game.send(owner, { type: 'UPDATE_STATUS', payload: { status: `mood ${i}` } }));
  const done = outs.filter((o) => (o.event.payload as any)?.type === 'KPI_OBJECTIVE_COMPLETED');
  t.same(done.map((o) => o.to), [{ member: owner }]);
  t.match((done[0].event.payload as any).data.kpi, { kpi_id: 'STATUS_SYMBOL', completed: true, progress: 3 });
});

t.test('mafia effects: the AI Core’s deactivation hands CONVERT to a surviving AI member', async (t) => {
  const game = createGame({ seed: 5, players: 10 });
  game.start();
  const [core] = game.byRole('AI_CORE');
  const [deepfake] = game.byRole('DEEPFAKE');
  const g = withContext(game, (c) => ({ ...c, crisis: CRISES.MANDATORY_OVERTIME }));
  const other = g.ids.find((id) => id !== core && id !== deepfake)!;
  voteOut(g, core, other);
  t.equal(g.player(core).active, false);
  t.same(g.state(), 'night', 'one AI left against eight employees: the game goes on');
  const target = employees(g)[0];
  const outs = g.send(deepfake, { type: 'SUBMIT_NIGHT_ACTION', payload: { type: 'CONVERT', data: { target_player_id: target } } });
  t.equal(outs[0].event.type, 'NIGHT_ACTION_ACCEPTED');
});
