import t from 'tap';
import { createGame, errorOf, payloadsOf } from './harness.js';

t.test('mafia machine: a started game deals one role per player from the seeded deck and opens Day 1', async (t) => {
  const game = createGame({ seed: 7 });
  const outs = game.start();
  t.same(game.state(), { day: 'nomination' });
  const roles = payloadsOf(outs, 'ROLE_ASSIGNED');
  t.equal(roles.length, 6);
  t.same(
    game.ctx().players.map((p) => p.role).sort(),
    ['AI_CORE', 'COMPLIANCE_OFFICER', 'FINANCE_DIRECTOR', 'INTERN', 'IT_SECURITY', 'MINER'],
  );
  for (const o of outs.filter((o) => o.event.type === 'ROLE_ASSIGNED')) {
    const member = (o.to as { member: string }).member;
    t.equal((o.event.payload as any).your_role.role, game.player(member).role, 'each role card goes to its owner only');
    t.ok((o.event.payload as any).your_role.personal_kpi.kpi_id);
  }
  const phase = payloadsOf(outs, 'PHASE_CHANGED')[0];
  t.match(phase, { new_phase: 'DAY', day_number: 1, duration_sec: Number, crisis_event: { crisis_id: String, effect: String } });
});

t.test('mafia machine: the same seed deals the same roles, KPIs and crises', async (t) => {
  const a = createGame({ seed: 1234 });
  const b = createGame({ seed: 1234 });
  a.start();
  b.start();
  t.same(a.ctx().players.map((p) => [p.role, p.kpi?.kpi_id]), b.ctx().players.map((p) => [p.role, p.kpi?.kpi_id]));
  t.same(a.ctx().crisis, b.ctx().crisis);
  const c = createGame({ seed: 99 });
  c.start();
  const deals = [a, c].map((g) => JSON.stringify(g.ctx().players.map((p) => p.role)));
  t.not(deals[0], deals[1], 'another seed deals differently');
});

t.test('mafia machine: only the host starts, and only with enough players', async (t) => {
  const game = createGame();
  game.create();
  for (let i = 2; i <= 5; i++) game.join(`P${i}`, `p${i}`);
  t.equal(errorOf(game.send('p1', { type: 'START_GAME', payload: {} }))?.code, 'NOT_ENOUGH_PLAYERS');
  game.join('P6', 'p6');
  t.equal(errorOf(game.send('p2', { type: 'START_GAME', payload: {} }))?.code, 'NOT_HOST');
  t.equal(errorOf(game.send('p2', { type: 'SUBMIT_VOTE', payload: { vote_target_id: 'p1' } }))?.code, 'GAME_NOT_STARTED');
  t.equal(errorOf(game.join('p1', 'p7'))?.code, 'NAME_TAKEN');
  t.same(game.state(), { lobby: 'hosted' });
  game.send('p1', { type: 'START_GAME', payload: {} });
  t.same(game.state(), { day: 'nomination' });
  t.equal(errorOf(game.join('P7', 'p7'))?.code, 'GAME_ALREADY_STARTED');
});

t.test('mafia machine: a lobby refuses players past the maximum', async (t) => {
  const game = createGame({ settings: { maxPlayers: 6 } });
  game.create();
  for (let i = 2; i <= 6; i++) game.join(`P${i}`, `p${i}`);
  t.equal(errorOf(game.join('P7', 'p7'))?.code, 'GAME_FULL');
});

t.test('mafia machine: with nobody acting, timers carry the game day by day until the runway runs out', async (t) => {
  const game = createGame({ settings: { maxDays: 3 } });
  game.start();
  const outs = game.advance(10 * 60_000);
  const phases = payloadsOf(outs, 'PHASE_CHANGED').map((p) => `${p.new_phase}${p.day_number}`);
  t.same(phases, ['NIGHT1', 'DAY2', 'NIGHT2', 'DAY3', 'NIGHT3', 'END3']);
  t.match(payloadsOf(outs, 'GAME_ENDED')[0], { winning_faction: 'ROGUE_AI', reason_code: 'RUNWAY_EXHAUSTED' });
  t.same(game.state(), 'end');
});

t.test('mafia machine: a restored game re-arms its phase timer from the deadline in context', async (t) => {
  const game = createGame();
  game.start();
  game.advance(30_000);
  const persisted = game.actor.getPersistedSnapshot();
  game.actor.stop();
  const restored = createGame({ snapshot: JSON.parse(JSON.stringify(persisted)) });
  restored.clock.set(game.clock.now());
  restored.send(undefined, { type: '$restored' });
  t.same(restored.state(), { day: 'nomination' });
  const quiet = restored.advance(20_000);
  t.equal(payloadsOf(quiet, 'NOMINATION_CLOSED').length, 0, 'not before the deadline');
  const outs = restored.advance(20_000);
  t.equal(payloadsOf(outs, 'NOMINATION_CLOSED').length, 1, 'the nomination closes at the original deadline');
});
