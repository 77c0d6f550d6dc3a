import { closeConnection, join, out, type Outgoing } from '../../src/contract/index.js';
import type { EventOf, MafiaEvent } from './events.js';
import { createKpi, KPI_IDS } from './kpis.js';
import { playerById, senderOf, tell, withPlayer } from './players.js';
import { shuffle } from './rng.js';
import { aiRoster, ROLE_DECK, ROLES } from './roles.js';
import { reject, toPlayer, toSender, toSession, type Step } from './step.js';
import type { GameContext, PlayerRecord } from './types.js';
import { chatHistoryFor, gameStateFor, publicGame, publicPlayer, roleInfo } from './views.js';
import type { Refusal } from './errors.js';

/** Close code sent to a player's older socket when a newer one takes over. */
export const REPLACED_CLOSE_CODE = 4000;

function newPlayer(id: string, name: string, tokenHash: string, conn: string | undefined): PlayerRecord {
  return {
    id,
    name,
    tokenHash,
    status: '',
    active: true,
    connected: conn !== undefined,
    conn: conn ?? null,
    role: null,
    alignment: null,
    aiSince: null,
    deactivatedOnDay: null,
    kpi: null,
    intel: [],
    stats: { chat: 0, statusUpdates: 0, pulseDays: [], verdictDays: [] },
  };
}

/**
 * Answer a create/join: over a socket, bind it and send SESSION_CREDENTIALS then the
 * private GAME_STATE_SNAPSHOT; over REST (no connection), SESSION_CREDENTIALS only.
 */
function admitted(context: GameContext, player: PlayerRecord, sessionToken: string, conn: string | undefined): Outgoing[] {
  const credentials = toSender('SESSION_CREDENTIALS', { game_id: context.gameId, player_id: player.id, session_token: sessionToken });
  const joined = toSession('PLAYER_JOINED', { player: publicPlayer(context, player) });
  if (conn === undefined) return [credentials, joined];
  return [out('sender', join(player.id)), credentials, toSender('GAME_STATE_SNAPSHOT', { game_state: gameStateFor(context, player.id) }), joined];
}

export function createGame(context: GameContext, event: EventOf<'CREATE_GAME'>): Step {
  const conn = event.$from?.conn;
  const host = newPlayer(event.player_id, event.payload.player_name, event.token_hash, conn);
  const next: GameContext = { ...context, phase: 'LOBBY', rng: event.seed >>> 0, hostId: host.id, players: [host] };
  return {
    context: next,
    out: [...admitted(next, host, event.session_token, conn), toSession('PHASE_CHANGED', { new_phase: 'LOBBY', duration_sec: 0, day_number: 0 })],
  };
}

export function joinRefusal(context: GameContext, event: EventOf<'JOIN_GAME'>): Refusal | null {
  if (context.phase !== 'LOBBY') return { code: 'GAME_ALREADY_STARTED', message: 'the game has already left the lobby' };
  if (context.players.length >= context.settings.maxPlayers) {
    return { code: 'GAME_FULL', message: `the lobby is full (${context.settings.maxPlayers} players)` };
  }
  const name = event.payload.player_name.trim().toLowerCase();
  if (context.players.some((p) => p.name.trim().toLowerCase() === name)) {
    return { code: 'NAME_TAKEN', message: `a player named "${event.payload.player_name}" is already in this game` };
  }
  return null;
}

export function joinGame(context: GameContext, event: EventOf<'JOIN_GAME'>): Step {
  const refusal = joinRefusal(context, event);
  if (refusal) return reject(context, refusal.code, refusal.message);
  const conn = event.$from?.conn;
  const player = newPlayer(event.player_id, event.payload.player_name, event.token_hash, conn);
  const next: GameContext = { ...context, players: [...context.players, player] };
  return { context: next, out: admitted(next, player, event.session_token, conn) };
}

/**
 * RECONNECT: check the token hash, bind this socket (closing the player's previous one),
 * then send the private GAME_STATE_SNAPSHOT and CHAT_HISTORY_SNAPSHOT.
 */
export function reconnect(context: GameContext, event: EventOf<'RECONNECT'>): Step {
  const player = playerById(context, event.payload.player_id);
  if (!player || player.tokenHash !== event.token_hash) {
    return reject(context, 'INVALID_SESSION_TOKEN', 'unknown player_id or wrong session_token for this game');
  }
  const conn = event.$from?.conn;
  if (conn === undefined) return reject(context, 'VALIDATION_ERROR', 'RECONNECT is a socket action');
  const wasConnected = player.connected;
  const players = withPlayer(context.players, player.id, (p) => ({ ...p, conn, connected: true }));
  const next = { ...context, players };
  const outs: Outgoing[] = [
    out('sender', join(player.id)),
    toSender('GAME_STATE_SNAPSHOT', { game_state: gameStateFor(next, player.id) }),
    toSender('CHAT_HISTORY_SNAPSHOT', { messages: chatHistoryFor(next, player.id) }),
  ];
  if (!wasConnected) outs.push(toSession('PLAYER_RECONNECTED', { player_id: player.id }));
  // Last: closing the old socket can run its close hook synchronously (uWS), which sends
  // this actor a $disconnect in the middle of this message; nothing for the sender may follow.
  if (player.conn && player.conn !== conn) {
    outs.push(out({ conn: player.conn }, closeConnection(REPLACED_CLOSE_CODE, 'replaced by a newer connection')));
  }
  return { context: next, out: outs };
}

/** A socket went away: if it was the player's current one, they are disconnected (PLAYER_LEFT). */
export function disconnect(context: GameContext, event: MafiaEvent): Step {
  const player = senderOf(context, event);
  const conn = event.$from?.conn;
  if (!player || conn === undefined || player.conn !== conn) return { context, out: [] };
  const players = withPlayer(context.players, player.id, (p) => ({ ...p, conn: null, connected: false }));
  return { context: { ...context, players }, out: [toSession('PLAYER_LEFT', { player_id: player.id })] };
}

export function getGame(context: GameContext): Step {
  return { context, out: [toSender('GAME_VIEW', { game: publicGame(context) })] };
}

export function startRefusal(context: GameContext, event: MafiaEvent): Refusal | null {
  const me = senderOf(context, event);
  if (!me) return { code: 'NOT_IN_GAME', message: 'you are not a player of this game' };
  if (context.phase !== 'LOBBY') return { code: 'GAME_ALREADY_STARTED', message: 'the game has already started' };
  if (me.id !== context.hostId) return { code: 'NOT_HOST', message: 'only the host can start the game' };
  if (context.players.length < context.settings.minPlayers) {
    return {
      code: 'NOT_ENOUGH_PLAYERS',
      message: `at least ${context.settings.minPlayers} players are needed (${context.players.length} joined)`,
    };
  }
  return null;
}

/** Deal roles and Personal KPIs from the seeded generator and tell each player privately. */
export function dealRoles(context: GameContext): Step {
  const n = context.players.length;
  const [roles, rng1] = shuffle(ROLE_DECK.slice(0, n), context.rng);
  const kpiPool = Array.from({ length: n }, (_, i) => KPI_IDS[i % KPI_IDS.length]);
  const [kpis, rng2] = shuffle(kpiPool, rng1);
  const players = context.players.map((p, i) => {
    const role = roles[i];
    const alignment = ROLES[role].alignment;
    return { ...p, role, alignment, aiSince: alignment === 'ROGUE_AI' ? 0 : null, kpi: createKpi(kpis[i]) };
  });
  const roster = aiRoster({ ...context, players });
  const dealt: GameContext = { ...context, rng: rng2, players };
  const outs: Outgoing[] = [];
  let told: PlayerRecord[] = players;
  for (const player of players) {
    outs.push(toPlayer(player.id, 'ROLE_ASSIGNED', { your_role: roleInfo(dealt, player) }));
    if (player.alignment === 'ROGUE_AI') {
      told = tell(told, player.id, 0, 'AI_FACTION_ROSTER', rosterMessage(roster, player.id), { members: roster }, outs);
    }
  }
  return { context: { ...dealt, players: told }, out: outs };
}

function rosterMessage(roster: ReturnType<typeof aiRoster>, self: string) {
  const others = roster.filter((m) => m.player_id !== self).map((m) => m.player_name);
  return `You are the AI. Fellow AI members: ${others.join(', ') || 'none yet'}.`;
}
