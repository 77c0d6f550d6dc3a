import type { Outgoing } from '../../src/contract/index.js';
import type { Refusal } from './errors.js';
import { aiRoster, isAi, nightActionFor } from './roles.js';
import { notify, toPlayer } from './step.js';
import type { GameContext, Intel, NightActionType, NightResults, PlayerRecord, SubmittedNightAction } from './types.js';

const active = (context: GameContext, id: string | undefined) =>
  id === undefined ? undefined : context.players.find((p) => p.id === id && p.active);

/** Check a night action against the actor's role and the targets' state; null when it is legal. */
export function validateNightAction(context: GameContext, actor: PlayerRecord, action: SubmittedNightAction): Refusal | null {
  const allowed = nightActionFor(context, actor);
  if (!allowed) return { code: 'ACTION_NOT_ALLOWED', message: 'you have no night action tonight' };
  if (allowed !== action.type) return { code: 'ACTION_NOT_ALLOWED', message: `your night action tonight is ${allowed}, not ${action.type}` };
  const { target_player_id, source_player_id, destination_player_id } = action.data;
  if (action.type === 'REALLOCATE_BUDGET') {
    if (!active(context, source_player_id)) return { code: 'INVALID_TARGET', message: 'source_player_id: not an active player of this game' };
    if (!active(context, destination_player_id)) return { code: 'INVALID_TARGET', message: 'destination_player_id: not an active player of this game' };
    if (source_player_id === destination_player_id) return { code: 'INVALID_TARGET', message: 'source and destination must be different players' };
    return null;
  }
  const target = active(context, target_player_id);
  if (!target) return { code: 'INVALID_TARGET', message: 'target_player_id: not an active player of this game' };
  if (action.type === 'PATCH') {
    if (context.lastPatchTarget === target.id) return { code: 'INVALID_TARGET', message: 'you cannot PATCH the same player two nights in a row' };
    return null;
  }
  if (target.id === actor.id) return { code: 'INVALID_TARGET', message: `you cannot ${action.type} yourself` };
  if ((action.type === 'CONVERT' || action.type === 'SYSTEM_SHOCK') && isAi(target)) {
    return { code: 'INVALID_TARGET', message: 'that player is already part of the AI' };
  }
  return null;
}

/** Players still expected to act tonight (night action or the pending exit interview). */
export function nightActorsPending(context: GameContext): string[] {
  const pending = context.players
    .filter((p) => nightActionFor(context, p) !== null && !(p.id in context.nightActions))
    .map((p) => p.id);
  const exit = context.exitInterview;
  if (exit && !exit.submitted) pending.push(exit.playerId);
  return pending;
}

export interface NightResolution {
  players: PlayerRecord[];
  results: NightResults;
  /** Next day's budget move, afflictions from SYSTEM_SHOCK. */
  reallocation: { source: string; destination: string } | null;
  afflicted: string[];
  patched: string | null;
  /** Whether a conversion succeeded tonight. */
  converted: boolean;
  out: Outgoing[];
}

/**
 * Resolve the night, in this order (docs/mafia.md, "Night resolution"):
 * 1 FIREWALL cancels its target's action · 2 PATCH protects · 3 REALLOCATE_BUDGET ·
 * 4 CONVERT · 5 SYSTEM_SHOCK · 6 MINE (reads alignment after conversion) · 7 SHADOW.
 * Pure: the same context always resolves the same way.
 */
export function resolveNight(context: GameContext, nightNumber: number): NightResolution {
  const out: Outgoing[] = [];
  const players = context.players.map((p) => ({ ...p, intel: [...p.intel] }));
  const byId = new Map(players.map((p) => [p.id, p]));
  const name = (id: string) => byId.get(id)?.name ?? id;
  const learn = (id: string, type: string, message: string, data?: Record<string, unknown>) => {
    const intel: Intel = { day_number: nightNumber, type, message, ...(data ? { data } : {}) };
    byId.get(id)?.intel.push(intel);
    out.push(notify(id, type, message, data));
  };
  // Actions in seating order, so resolution never depends on submission order.
  const submitted = players
    .filter((p) => p.id in context.nightActions)
    .map((p) => ({ actor: p.id, ...context.nightActions[p.id] }));
  const ofType = (type: NightActionType) => submitted.filter((a) => a.type === type);

  // 1. FIREWALL
  const blocked = new Set<string>();
  for (const action of ofType('FIREWALL')) blocked.add(action.data.target_player_id!);
  let actionsBlocked = 0;
  for (const action of submitted) {
    if (action.type !== 'FIREWALL' && blocked.has(action.actor)) {
      actionsBlocked++;
      learn(action.actor, 'ACTION_BLOCKED', `Your ${action.type} was blocked by a compliance firewall.`, { action: action.type });
    }
  }
  const live = (type: NightActionType) => ofType(type).filter((a) => type === 'FIREWALL' || !blocked.has(a.actor));

  // 2. PATCH
  const patch = live('PATCH')[0];
  const patched = patch ? patch.data.target_player_id! : null;

  // 3. REALLOCATE_BUDGET
  const budget = live('REALLOCATE_BUDGET')[0];
  const reallocation = budget ? { source: budget.data.source_player_id!, destination: budget.data.destination_player_id! } : null;

  // 4. CONVERT
  const phishing = context.crisis?.crisis_id === 'PHISHING_CAMPAIGN';
  let intrusionBlocked = false;
  let converted = false;
  const converts = live('CONVERT');
  for (const action of converts) {
    const target = byId.get(action.data.target_player_id!);
    if (!target || !target.active || isAi(target)) continue;
    const aiBefore = players.filter((p) => isAi(p)).map((p) => p.id);
    if (target.id === patched && !phishing) {
      intrusionBlocked = true;
      learn(target.id, 'INTRUSION_BLOCKED', 'Someone tried to take over your workstation tonight. IT Security’s patch held.');
      for (const id of aiBefore) learn(id, 'CONVERSION_FAILED', `The conversion of ${target.name} was blocked by a patch.`, { target_player_id: target.id });
      continue;
    }
    converted = true;
    target.alignment = 'ROGUE_AI';
    target.aiSince = nightNumber;
    out.push(toPlayer(target.id, 'ALIGNMENT_CHANGED', { new_alignment: 'ROGUE_AI' }));
    const roster = aiRoster({ ...context, players });
    learn(target.id, 'AI_FACTION_ROSTER', `You now serve the AI. Your fellow AI members: ${roster.filter((m) => m.player_id !== target.id).map((m) => m.player_name).join(', ') || 'none'}.`, { members: roster });
    for (const id of aiBefore) learn(id, 'CONVERSION_SUCCEEDED', `${target.name} has joined the AI.`, { target_player_id: target.id, members: roster });
  }

  // 5. SYSTEM_SHOCK
  const afflicted: string[] = [];
  for (const action of live('SYSTEM_SHOCK')) {
    const target = byId.get(action.data.target_player_id!);
    if (!target || !target.active) continue;
    if (target.id === patched) {
      learn(target.id, 'INTRUSION_BLOCKED', 'A system shock hit your workstation tonight. IT Security’s patch held.');
      learn(action.actor, 'SYSTEM_SHOCK_FAILED', `Your system shock on ${target.name} was blocked by a patch.`, { target_player_id: target.id });
      continue;
    }
    if (!afflicted.includes(target.id)) afflicted.push(target.id);
    learn(target.id, 'SYSTEM_SHOCK_AFFLICTED', 'A system shock fried your workstation: you cannot vote today.', { day_number: nightNumber + 1 });
  }

  // 6. MINE — reads alignment after tonight's conversions.
  for (const action of live('MINE')) {
    const target = byId.get(action.data.target_player_id!)!;
    learn(action.actor, 'MINE_RESULT', `The logs of ${target.name} show alignment ${target.alignment}.`, {
      target_player_id: target.id,
      alignment: target.alignment,
    });
  }

  // 7. SHADOW — whom the target's (unblocked) action targeted.
  for (const action of live('SHADOW')) {
    const targetId = action.data.target_player_id!;
    const theirs = submitted.find((a) => a.actor === targetId && (a.type === 'FIREWALL' || !blocked.has(a.actor)));
    const visited = theirs
      ? [theirs.data.target_player_id, theirs.data.source_player_id, theirs.data.destination_player_id].filter((x): x is string => !!x)
      : [];
    learn(
      action.actor,
      'SHADOW_RESULT',
      visited.length ? `${name(targetId)} visited ${visited.map(name).join(' and ')} tonight.` : `${name(targetId)} stayed home tonight.`,
      { target_player_id: targetId, visited_player_ids: visited },
    );
  }

  const summaryParts = [`Night ${nightNumber} is over.`];
  if (intrusionBlocked) summaryParts.push('IT Security stopped an intrusion.');
  if (reallocation) summaryParts.push(`Budget was moved from ${name(reallocation.source)} to ${name(reallocation.destination)}.`);
  if (afflicted.length) summaryParts.push(`${afflicted.length} workstation(s) suffered a system shock.`);
  if (actionsBlocked) summaryParts.push(`Compliance blocked ${actionsBlocked} night action(s).`);
  return {
    players,
    reallocation,
    afflicted,
    patched,
    converted,
    out,
    results: {
      night_number: nightNumber,
      summary: summaryParts.join(' '),
      intrusion_blocked: intrusionBlocked,
      budget_reallocation: reallocation
        ? { source_player_id: reallocation.source, destination_player_id: reallocation.destination }
        : null,
      system_shocks: afflicted.length,
      actions_blocked: actionsBlocked,
      conversions_attempted: converts.length,
    },
  };
}
