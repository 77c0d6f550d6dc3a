import type { Alignment, GameContext, NightActionType, PlayerRecord, RoleName } from './types.js';

export interface RoleDefinition {
  role: RoleName;
  title: string;
  alignment: Alignment;
  /** The night action this role submits while it keeps its starting alignment. */
  action: NightActionType;
  description: string;
}

/** The role catalogue (docs/mafia.md, "Roles"). */
export const ROLES: Readonly<Record<RoleName, RoleDefinition>> = {
  AI_CORE: {
    role: 'AI_CORE',
    title: 'AI Core',
    alignment: 'ROGUE_AI',
    action: 'CONVERT',
    description: 'The rogue AI itself. Each night, CONVERT one active employee to the AI faction (after a successful conversion, the next night you SYSTEM_SHOCK instead).',
  },
  DEEPFAKE: {
    role: 'DEEPFAKE',
    title: 'Deepfake',
    alignment: 'ROGUE_AI',
    action: 'SYSTEM_SHOCK',
    description: 'A synthetic colleague. Each night, SYSTEM_SHOCK one active employee: they cannot vote the next day.',
  },
  MINER: {
    role: 'MINER',
    title: 'Data Miner',
    alignment: 'EMPLOYEES',
    action: 'MINE',
    description: "Each night, MINE one other active player's logs to learn their alignment at dawn.",
  },
  IT_SECURITY: {
    role: 'IT_SECURITY',
    title: 'IT Security',
    alignment: 'EMPLOYEES',
    action: 'PATCH',
    description: 'Each night, PATCH one active player (yourself allowed, not the same player two nights running): they resist CONVERT and SYSTEM_SHOCK.',
  },
  FINANCE_DIRECTOR: {
    role: 'FINANCE_DIRECTOR',
    title: 'Finance Director',
    alignment: 'EMPLOYEES',
    action: 'REALLOCATE_BUDGET',
    description: "Each night, REALLOCATE_BUDGET from one active player to another: next day the source's vote weighs 0 and the destination's weighs one more.",
  },
  COMPLIANCE_OFFICER: {
    role: 'COMPLIANCE_OFFICER',
    title: 'Compliance Officer',
    alignment: 'EMPLOYEES',
    action: 'FIREWALL',
    description: "Each night, FIREWALL one other active player: whatever night action they submitted is cancelled.",
  },
  INTERN: {
    role: 'INTERN',
    title: 'Intern',
    alignment: 'EMPLOYEES',
    action: 'SHADOW',
    description: 'Each night, SHADOW one other active player to learn at dawn whom their night action targeted.',
  },
};

/** Roles dealt for n players: the first n of this deck, then shuffled onto players. */
export const ROLE_DECK: readonly RoleName[] = [
  'AI_CORE',
  'MINER',
  'IT_SECURITY',
  'FINANCE_DIRECTOR',
  'COMPLIANCE_OFFICER',
  'INTERN',
  'INTERN',
  'MINER',
  'INTERN',
  'DEEPFAKE',
  'IT_SECURITY',
  'INTERN',
];

export const isAi = (player: PlayerRecord) => player.alignment === 'ROGUE_AI';

/**
 * The AI member who holds CONVERT tonight: the active AI_CORE, or after its
 * deactivation the longest-serving active AI member (succession).
 */
export function actingCoreId(context: GameContext): string | null {
  const core = context.players.find((p) => p.active && p.role === 'AI_CORE');
  if (core) return core.id;
  let best: PlayerRecord | null = null;
  for (const player of context.players) {
    if (!player.active || !isAi(player)) continue;
    if (!best || (player.aiSince ?? 0) < (best.aiSince ?? 0)) best = player;
  }
  return best?.id ?? null;
}

/** The AI needs a night to integrate a convert: no CONVERT the night after a successful one. */
export const canConvertTonight = (context: GameContext) =>
  context.lastConversionNight === null || context.lastConversionNight < context.dayNumber - 1;

/**
 * The one night action a player may submit tonight, or null. AI members act for the
 * faction (CONVERT for the acting core, SYSTEM_SHOCK for the others); employees act by
 * role. The day's crisis can take an action off the table for the night.
 */
export function nightActionFor(context: GameContext, player: PlayerRecord): NightActionType | null {
  if (!player.active || !player.role) return null;
  let action: NightActionType;
  if (isAi(player)) action = actingCoreId(context) === player.id && canConvertTonight(context) ? 'CONVERT' : 'SYSTEM_SHOCK';
  else action = ROLES[player.role].action;
  const crisis = context.crisis?.crisis_id;
  if (crisis === 'BUDGET_FREEZE' && action === 'REALLOCATE_BUDGET') return null;
  if (crisis === 'FIREWALL_UPGRADE' && action === 'SYSTEM_SHOCK') return null;
  return action;
}

/** Fellow AI members (active or not) of a player, for the AI roster notification. */
export function aiRoster(context: GameContext): { player_id: string; player_name: string; role: RoleName | null; active: boolean }[] {
  return context.players.filter(isAi).map((p) => ({ player_id: p.id, player_name: p.name, role: p.role, active: p.active }));
}
