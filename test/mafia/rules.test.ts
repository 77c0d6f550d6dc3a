import t from 'tap';
import { CRISES, drawCrisis } from '../../machines/mafia/crises.js';
import { progressKpi, createKpi } from '../../machines/mafia/kpis.js';
import { resolveNight, validateNightAction } from '../../machines/mafia/night.js';
import { nextRandom, shuffle } from '../../machines/mafia/rng.js';
import { actingCoreId, nightActionFor } from '../../machines/mafia/roles.js';
import type { GameContext, RoleName, SubmittedNightAction } from '../../machines/mafia/types.js';
import { dayVoteWeights, tallyNominations, tallyVerdict } from '../../machines/mafia/votes.js';
import { outcomeOf } from '../../machines/mafia/outcome.js';
import { createGame } from './harness.js';

/** A night-1 context with a chosen role per seat: a=AI_CORE, m=MINER, s=IT_SECURITY, f=FINANCE_DIRECTOR, c=COMPLIANCE_OFFICER, i=INTERN. */
function night(actions: Record<string, SubmittedNightAction> = {}, crisis: keyof typeof CRISES = 'MANDATORY_OVERTIME', extra: Record<string, RoleName> = {}): GameContext {
  const game = createGame();
  game.start();
  const roles: Record<string, RoleName> = { a: 'AI_CORE', m: 'MINER', s: 'IT_SECURITY', f: 'FINANCE_DIRECTOR', c: 'COMPLIANCE_OFFICER', i: 'INTERN', ...extra };
  const base = game.ctx();
  const template = base.players[0];
  const players = Object.entries(roles).map(([id, role]) => ({
    ...template,
    id,
    name: id.toUpperCase(),
    role,
    alignment: role === 'AI_CORE' || role === 'DEEPFAKE' ? ('ROGUE_AI' as const) : ('EMPLOYEES' as const),
    aiSince: role === 'AI_CORE' || role === 'DEEPFAKE' ? 0 : null,
    intel: [],
  }));
  return { ...base, phase: 'NIGHT', subPhase: null, dayNumber: 1, players, nightActions: actions, crisis: CRISES[crisis] };
}
const target = (type: SubmittedNightAction['type'], id: string): SubmittedNightAction => ({ type, data: { target_player_id: id } });
const notes = (r: ReturnType<typeof resolveNight>, member: string, type: string) =>
  r.out.filter((o) => (o.to as { member?: string }).member === member && (o.event.payload as any)?.type === type).map((o) => o.event.payload as any);

t.test('rules: CONVERT turns an unpatched employee into an AI member, told privately with the roster', async (t) => {
  const r = resolveNight(night({ a: target('CONVERT', 'm') }), 1);
  t.equal(r.players.find((p) => p.id === 'm')!.alignment, 'ROGUE_AI');
  const changed = r.out.filter((o) => o.event.type === 'ALIGNMENT_CHANGED');
  t.same(changed.map((o) => o.to), [{ member: 'm' }], 'ALIGNMENT_CHANGED goes to the converted player only');
  t.same(changed[0].event.payload, { new_alignment: 'ROGUE_AI' });
  t.same(notes(r, 'm', 'AI_FACTION_ROSTER')[0].data.members.map((x: any) => x.player_id), ['a', 'm']);
  t.equal(notes(r, 'a', 'CONVERSION_SUCCEEDED').length, 1);
  t.equal(r.results.conversions_attempted, 1);
  t.notOk(r.results.intrusion_blocked);
});

t.test('rules: PATCH stops CONVERT, except during a PHISHING_CAMPAIGN', async (t) => {
  const blocked = resolveNight(night({ a: target('CONVERT', 'm'), s: target('PATCH', 'm') }), 1);
  t.equal(blocked.players.find((p) => p.id === 'm')!.alignment, 'EMPLOYEES');
  t.ok(blocked.results.intrusion_blocked);
  t.equal(notes(blocked, 'm', 'INTRUSION_BLOCKED').length, 1);
  t.equal(notes(blocked, 'a', 'CONVERSION_FAILED').length, 1);
  const phished = resolveNight(night({ a: target('CONVERT', 'm'), s: target('PATCH', 'm') }, 'PHISHING_CAMPAIGN'), 1);
  t.equal(phished.players.find((p) => p.id === 'm')!.alignment, 'ROGUE_AI');
});

t.test('rules: FIREWALL resolves first and cancels its target’s action', async (t) => {
  const r = resolveNight(night({ a: target('CONVERT', 'm'), c: target('FIREWALL', 'a') }), 1);
  t.equal(r.players.find((p) => p.id === 'm')!.alignment, 'EMPLOYEES');
  t.equal(r.results.actions_blocked, 1);
  t.equal(r.results.conversions_attempted, 0);
  t.equal(notes(r, 'a', 'ACTION_BLOCKED').length, 1);
  const patchBlocked = resolveNight(night({ a: target('CONVERT', 'm'), s: target('PATCH', 'm'), c: target('FIREWALL', 's') }), 1);
  t.equal(patchBlocked.players.find((p) => p.id === 'm')!.alignment, 'ROGUE_AI', 'a firewalled patch protects nobody');
});

t.test('rules: MINE reads alignment after the night’s conversion', async (t) => {
  const r = resolveNight(night({ a: target('CONVERT', 'i'), m: target('MINE', 'i') }), 1);
  t.match(notes(r, 'm', 'MINE_RESULT')[0], { data: { target_player_id: 'i', alignment: 'ROGUE_AI' } });
  const plain = resolveNight(night({ m: target('MINE', 'a') }), 1);
  t.match(notes(plain, 'm', 'MINE_RESULT')[0], { data: { alignment: 'ROGUE_AI' } });
});

t.test('rules: SHADOW learns whom the target visited (nobody when firewalled)', async (t) => {
  const r = resolveNight(night({ a: target('CONVERT', 'm'), i: target('SHADOW', 'a') }), 1);
  t.same(notes(r, 'i', 'SHADOW_RESULT')[0].data.visited_player_ids, ['m']);
  const home = resolveNight(night({ a: target('CONVERT', 'm'), i: target('SHADOW', 'a'), c: target('FIREWALL', 'a') }), 1);
  t.same(notes(home, 'i', 'SHADOW_RESULT')[0].data.visited_player_ids, []);
});

t.test('rules: REALLOCATE_BUDGET moves a vote weight to the next day; a BUDGET_FREEZE voids it', async (t) => {
  const r = resolveNight(night({ f: { type: 'REALLOCATE_BUDGET', data: { source_player_id: 'a', destination_player_id: 'm' } } }), 1);
  t.same(r.reallocation, { source: 'a', destination: 'm' });
  t.same(r.results.budget_reallocation, { source_player_id: 'a', destination_player_id: 'm' });
  const ctx = night();
  const weights = dayVoteWeights(ctx.players, { reallocation: r.reallocation, afflicted: [], bonus: ['s'] }, false);
  t.same(weights, { a: 0, m: 2, s: 2, f: 1, c: 1, i: 1 });
  t.same(dayVoteWeights(ctx.players, { reallocation: r.reallocation, afflicted: [], bonus: ['s'] }, true), { a: 1, m: 1, s: 1, f: 1, c: 1, i: 1 });
});

t.test('rules: SYSTEM_SHOCK afflicts its target for the next day unless patched', async (t) => {
  const r = resolveNight(night({ d: target('SYSTEM_SHOCK', 'm') }, 'MANDATORY_OVERTIME', { d: 'DEEPFAKE' }), 1);
  t.same(r.afflicted, ['m']);
  t.equal(notes(r, 'm', 'SYSTEM_SHOCK_AFFLICTED').length, 1);
  t.equal(r.results.system_shocks, 1);
  const safe = resolveNight(night({ d: target('SYSTEM_SHOCK', 'm'), s: target('PATCH', 'm') }, 'MANDATORY_OVERTIME', { d: 'DEEPFAKE' }), 1);
  t.same(safe.afflicted, []);
  t.equal(notes(safe, 'd', 'SYSTEM_SHOCK_FAILED').length, 1);
});

t.test('rules: every role submits only its own action, with legal targets', async (t) => {
  const ctx = night({}, 'MANDATORY_OVERTIME', { d: 'DEEPFAKE' });
  const p = (id: string) => ctx.players.find((x) => x.id === id)!;
  const expected: Record<string, string> = { a: 'CONVERT', d: 'SYSTEM_SHOCK', m: 'MINE', s: 'PATCH', f: 'REALLOCATE_BUDGET', c: 'FIREWALL', i: 'SHADOW' };
  for (const [id, action] of Object.entries(expected)) t.equal(nightActionFor(ctx, p(id)), action, `${p(id).role} → ${action}`);
  t.equal(validateNightAction(ctx, p('m'), target('CONVERT', 'i'))?.code, 'ACTION_NOT_ALLOWED');
  t.equal(validateNightAction(ctx, p('m'), target('MINE', 'm'))?.code, 'INVALID_TARGET', 'not yourself');
  t.equal(validateNightAction(ctx, p('m'), target('MINE', 'zz'))?.code, 'INVALID_TARGET', 'not a stranger');
  t.equal(validateNightAction(ctx, p('a'), target('CONVERT', 'd'))?.code, 'INVALID_TARGET', 'not a fellow AI');
  t.equal(validateNightAction(ctx, p('s'), target('PATCH', 's')), null, 'IT Security may patch itself');
  t.equal(validateNightAction({ ...ctx, lastPatchTarget: 's' }, p('s'), target('PATCH', 's'))?.code, 'INVALID_TARGET', 'not twice in a row');
  t.equal(validateNightAction(ctx, p('f'), { type: 'REALLOCATE_BUDGET', data: { source_player_id: 'a', destination_player_id: 'a' } })?.code, 'INVALID_TARGET');
  t.equal(validateNightAction(ctx, p('c'), target('FIREWALL', 'a')), null);
  t.equal(validateNightAction(ctx, p('i'), target('SHADOW', 'a')), null);
  const gone = { ...ctx, players: ctx.players.map((x) => (x.id === 'i' ? { ...x, active: false } : x)) };
  t.equal(validateNightAction(gone, p('m'), target('MINE', 'i'))?.code, 'INVALID_TARGET', 'not a deactivated player');
  t.equal(nightActionFor({ ...ctx, crisis: CRISES.BUDGET_FREEZE }, p('f')), null, 'BUDGET_FREEZE takes the budget action away');
  t.equal(nightActionFor({ ...ctx, crisis: CRISES.FIREWALL_UPGRADE }, p('d')), null, 'FIREWALL_UPGRADE takes SYSTEM_SHOCK away');
});

t.test('rules: when the AI Core is deactivated the longest-serving AI member inherits CONVERT', async (t) => {
  const ctx = night({}, 'MANDATORY_OVERTIME', { d: 'DEEPFAKE' });
  t.equal(actingCoreId(ctx), 'a');
  const players = ctx.players.map((p) => (p.id === 'a' ? { ...p, active: false } : p.id === 'm' ? { ...p, alignment: 'ROGUE_AI' as const, aiSince: 1 } : p));
  t.equal(actingCoreId({ ...ctx, players }), 'd');
  t.equal(nightActionFor({ ...ctx, players }, players.find((p) => p.id === 'd')!), 'CONVERT');
  t.equal(nightActionFor({ ...ctx, players }, players.find((p) => p.id === 'm')!), 'SYSTEM_SHOCK');
});

t.test('rules: the nomination tally weighs votes; a tie at the top nominates nobody', async (t) => {
  const ctx = night();
  const weights = { a: 1, m: 2, s: 1, f: 0, c: 1, i: 1 };
  t.same(tallyNominations({ ...ctx, voteWeights: weights, nominations: { m: 'a', s: 'i', c: 'i' } }), {
    tally: [{ player_id: 'a', votes: 2 }, { player_id: 'i', votes: 2 }],
    nominee: null,
  });
  t.equal(tallyNominations({ ...ctx, voteWeights: weights, nominations: { m: 'a', s: 'i' } }).nominee, 'a');
  t.equal(tallyNominations({ ...ctx, voteWeights: weights, nominations: {} }).nominee, null);
  t.equal(tallyNominations({ ...ctx, voteWeights: weights, nominations: { f: 'a' } }).nominee, null, 'a weightless vote nominates nobody');
});

t.test('rules: the verdict needs strictly more weighted YES than NO', async (t) => {
  t.same(tallyVerdict({ a: 'YES', b: 'NO' }, { a: 1, b: 1 }), { yes: 1, no: 1, deactivate: false });
  t.same(tallyVerdict({ a: 'YES', b: 'NO' }, { a: 2, b: 1 }), { yes: 2, no: 1, deactivate: true });
  t.same(tallyVerdict({}, {}), { yes: 0, no: 0, deactivate: false });
});

t.test('rules: employees win when no AI is active; the AI wins at parity', async (t) => {
  const ctx = night();
  t.equal(outcomeOf(ctx), null);
  const noAi = ctx.players.map((p) => (p.id === 'a' ? { ...p, active: false } : p));
  t.equal(outcomeOf({ ...ctx, players: noAi })?.winner, 'EMPLOYEES');
  const parity = ctx.players.map((p) => (['m', 's'].includes(p.id) ? { ...p, alignment: 'ROGUE_AI' as const } : p.id === 'f' ? { ...p, active: false } : p));
  t.equal(outcomeOf({ ...ctx, players: parity })?.winner, 'ROGUE_AI', '3 AI vs 2 employees');
});

t.test('rules: crises never repeat two days running; KPIs complete once', async (t) => {
  let rng = 5;
  let previous = null as null | keyof typeof CRISES;
  for (let i = 0; i < 200; i++) {
    const [crisis, next] = drawCrisis(rng, previous);
    t.not(crisis.crisis_id, previous);
    previous = crisis.crisis_id;
    rng = next;
  }
  const player = { ...night().players[0], kpi: createKpi('NETWORKER') };
  const [half, done1] = progressKpi(player, 'NETWORKER', 3);
  t.notOk(done1);
  const [full, done2] = progressKpi(half, 'NETWORKER', 5);
  t.ok(done2);
  t.ok(full.kpi?.completed);
  t.notOk(progressKpi(full, 'NETWORKER', 6)[1], 'completes only once');
  t.notOk(progressKpi(full, 'PULSE_CHAMPION', 6)[1], 'another KPI does not count');
});

t.test('rules: the seeded generator is deterministic and shuffles every item', async (t) => {
  t.same(nextRandom(1), nextRandom(1));
  const [a] = shuffle([1, 2, 3, 4, 5, 6], 9);
  const [b] = shuffle([1, 2, 3, 4, 5, 6], 9);
  t.same(a, b);
  t.same([...a].sort(), [1, 2, 3, 4, 5, 6]);
});

t.test('rules: after a successful conversion the AI cannot CONVERT the next night', async (t) => {
  const ctx = night({}, 'MANDATORY_OVERTIME');
  const core = ctx.players.find((p) => p.id === 'a')!;
  t.equal(nightActionFor({ ...ctx, dayNumber: 2, lastConversionNight: 1 }, core), 'SYSTEM_SHOCK', 'cooling down');
  t.equal(nightActionFor({ ...ctx, dayNumber: 3, lastConversionNight: 1 }, core), 'CONVERT', 'ready again');
  t.ok(resolveNight(night({ a: target('CONVERT', 'm') }), 1).converted);
  t.notOk(resolveNight(night({ a: target('CONVERT', 'm'), s: target('PATCH', 'm') }), 1).converted, 'a blocked conversion does not count');
});
