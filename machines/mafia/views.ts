import { actingCoreId, aiRoster, isAi, nightActionFor, ROLES } from './roles.js';
import type { GameContext, PlayerRecord } from './types.js';

/** PlayerObject: what everyone may know about a player. Role and alignment only once revealed. */
export function publicPlayer(context: GameContext, player: PlayerRecord) {
  const revealed = !player.active || context.phase === 'END';
  return {
    player_id: player.id,
    player_name: player.name,
    status: player.status,
    is_host: player.id === context.hostId,
    is_active: player.active,
    is_connected: player.connected,
    ...(revealed && player.role ? { revealed_role: player.role, revealed_alignment: player.alignment } : {}),
  };
}

/** RoleInfo: a player's own role card (ROLE_ASSIGNED, snapshots). */
export function roleInfo(context: GameContext, player: PlayerRecord) {
  if (!player.role || !player.alignment) return null;
  const def = ROLES[player.role];
  return {
    role: player.role,
    title: def.title,
    alignment: player.alignment,
    starting_alignment: def.alignment,
    description: def.description,
    night_action: isAi(player) ? (actingCoreId(context) === player.id ? 'CONVERT' : 'SYSTEM_SHOCK') : def.action,
    personal_kpi: player.kpi,
  };
}

/** The public lobby/game view (REST GET /api/games/:game_id). */
export function publicGame(context: GameContext) {
  return {
    game_id: context.gameId,
    phase: context.phase,
    sub_phase: context.subPhase,
    day_number: context.dayNumber,
    host_player_id: context.hostId,
    min_players: context.settings.minPlayers,
    max_players: context.settings.maxPlayers,
    players: context.players.map((p) => publicPlayer(context, p)),
    ...(context.phase === 'END' ? { winning_faction: context.winner, end_reason: context.endReason } : {}),
  };
}

/** GameState: the authoritative core state as one player may see it (no chat log). */
export function gameStateFor(context: GameContext, playerId: string) {
  const me = context.players.find((p) => p.id === playerId)!;
  const timed = context.phase === 'DAY' || context.phase === 'NIGHT';
  return {
    ...publicGame(context),
    phase_ends_at: timed ? new Date(context.deadline).toISOString() : null,
    crisis_event: context.crisis,
    pulse_check_prompt: context.pulsePrompt,
    pulse_checks: context.pulseChecks,
    vote_weights: context.voteWeights,
    nominations: Object.entries(context.nominations).map(([voter_id, vote_target_id]) => ({ voter_id, vote_target_id })),
    nominee_id: context.nominee,
    verdicts: Object.entries(context.verdicts).map(([voter_id, verdict]) => ({ voter_id, verdict })),
    you: {
      player_id: me.id,
      player_name: me.name,
      is_host: me.id === context.hostId,
      role: roleInfo(context, me),
      alignment: me.alignment,
      ai_teammates: isAi(me) ? aiRoster(context).filter((m) => m.player_id !== me.id) : [],
      afflicted: context.afflicted.includes(me.id),
      vote_weight: context.voteWeights[me.id] ?? 0,
      night_action_available: context.phase === 'NIGHT' ? nightActionFor(context, me) : null,
      night_action_submitted: context.nightActions[me.id] ?? null,
      exit_interview_pending: context.exitInterview?.playerId === me.id && !context.exitInterview.submitted,
      intel: me.intel,
    },
  };
}

/** The chat a player may read: the public channel, plus the AI channel for AI members. */
export function chatHistoryFor(context: GameContext, playerId: string) {
  const me = context.players.find((p) => p.id === playerId);
  const ai = !!me && isAi(me);
  return context.chat.filter((m) => m.channel === 'PUBLIC' || ai);
}

/** GAME_ENDED's player_states: everyone, every role revealed, KPIs included. */
export function finalPlayerStates(context: GameContext) {
  return context.players.map((p) => ({
    ...publicPlayer({ ...context, phase: 'END' }, p),
    role: p.role,
    alignment: p.alignment,
    personal_kpi: p.kpi,
  }));
}
