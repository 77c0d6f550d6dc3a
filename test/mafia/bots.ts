import type { GameContext } from '../../machines/mafia/types.js';
import { mafiaSession } from '../../src/sessions/mafia/index.js';
import { connect, type TestClient } from '../support/client.js';
import { startServer, type TestServer } from '../support/server.js';

/** One scripted player: its socket(s), credentials and what the server told it. */
export interface Bot {
  name: string;
  id: string;
  token: string;
  client: TestClient;
  /** Every socket this player ever used (reconnects add one). */
  sockets: TestClient[];
  role: string;
  alignment: string;
}

/** Long phases: scripted games advance because everyone acted, never because a timer fired. */
export const FAST_ENV = { MAFIA_DAY_MS: '30000', MAFIA_VERDICT_MS: '30000', MAFIA_NIGHT_MS: '30000', MAFIA_SEED: '20261122' };

export const startMafiaServer = (env: Record<string, string> = {}) => startServer({ ...FAST_ENV, ...env }, { sessions: [mafiaSession] });

const WAIT = 10_000;

/** Create a game over the socket, have `n - 1` more bots join it, start it, and read every role card. */
export async function playersInLobby(srv: TestServer, n = 6): Promise<{ gameId: string; bots: Bot[] }> {
  const bots: Bot[] = [];
  let gameId = '';
  for (let i = 0; i < n; i++) {
    const client = await connect(srv.wsUrl('/mafia/ws'));
    const name = `Bot${i + 1}`;
    client.send(i === 0 ? { type: 'CREATE_GAME', payload: { player_name: name } } : { type: 'JOIN_GAME', payload: { game_id: gameId, player_name: name } });
    const credentials = (await client.next('SESSION_CREDENTIALS', WAIT)).payload;
    await client.next('GAME_STATE_SNAPSHOT', WAIT);
    if (i === 0) await client.next((f) => f.type === 'PHASE_CHANGED' && f.payload.new_phase === 'LOBBY', WAIT);
    gameId = credentials.game_id;
    bots.push({ name, id: credentials.player_id, token: credentials.session_token, client, sockets: [client], role: '', alignment: '' });
  }
  return { gameId, bots };
}

export async function startGame(bots: Bot[]) {
  bots[0].client.send({ type: 'START_GAME', payload: {} });
  for (const bot of bots) {
    const card = (await bot.client.next('ROLE_ASSIGNED', WAIT)).payload.your_role;
    bot.role = card.role;
    bot.alignment = card.alignment;
  }
}

export const byRole = (bots: Bot[], role: string) => bots.find((b) => b.role === role)!;

export const phase = (bot: Bot, name: string, day: number) =>
  bot.client.next((f) => f.type === 'PHASE_CHANGED' && f.payload.new_phase === name && f.payload.day_number === day, WAIT);

export const event = (bot: Bot, type: string, match: (payload: any) => boolean = () => true) =>
  bot.client.next((f) => f.type === type && match(f.payload), WAIT);

/**
 * One scripted day: every active bot answers the Pulse Check and nominates `nominee`
 * (the nominee nominates `otherwise`); if the nomination names `nominee`, each juror
 * votes `verdict(bot)`. Resolves with VERDICT_CLOSED as the host saw it.
 */
export async function playDay(
  bots: Bot[],
  day: number,
  nominee: Bot,
  otherwise: Bot,
  verdict: (bot: Bot) => 'YES' | 'NO',
  active: Bot[],
  { awaitPhase = true } = {},
) {
  if (awaitPhase) await phase(bots[0], 'DAY', day);
  for (const bot of active) bot.client.send({ type: 'SUBMIT_PULSE_CHECK', payload: { response: `Day ${day} feels tense, says ${bot.name}.` } });
  await Promise.all(active.map((b) => event(bots[0], 'PULSE_CHECK_SUBMITTED', (p) => p.player_id === b.id)));
  for (const bot of active) {
    bot.client.send({ type: 'SUBMIT_VOTE', payload: { vote_target_id: bot === nominee ? otherwise.id : nominee.id } });
  }
  const closed = await event(bots[0], 'NOMINATION_CLOSED', () => true);
  if (closed.payload.nominee_id !== nominee.id) throw new Error(`expected ${nominee.name} nominated, got ${JSON.stringify(closed.payload)}`);
  await event(bots[0], 'VERDICT_STARTED');
  for (const bot of active) if (bot !== nominee) bot.client.send({ type: 'SUBMIT_VOTE', payload: { verdict: verdict(bot) } });
  return event(bots[0], 'VERDICT_CLOSED', (p) => p.nominee_id === nominee.id);
}

/** The game actor's live context, straight from the server (what the privacy check compares against). */
export const serverContext = (srv: TestServer, gameId: string) =>
  srv.server.host.snapshotOf(`mafia/${gameId}`)!.context as GameContext;

/**
 * The privacy property: every private frame a socket ever received belongs to that
 * socket's player, as the server's own state confirms.
 */
export function privacyViolations(bots: Bot[], context: GameContext): string[] {
  const problems: string[] = [];
  const tokens = new Map(bots.map((b) => [b.id, b.token]));
  for (const bot of bots) {
    const me = context.players.find((p) => p.id === bot.id)!;
    const everAi = me.alignment === 'ROGUE_AI';
    for (const socket of bot.sockets) {
      const text = JSON.stringify(socket.received);
      for (const [id, token] of tokens) if (id !== bot.id && text.includes(token)) problems.push(`${bot.name} saw ${id}'s session token`);
      let roleCards = 0;
      for (const frame of socket.received) {
        const p = frame?.payload;
        switch (frame?.type) {
          case 'SESSION_CREDENTIALS':
            if (p.player_id !== bot.id) problems.push(`${bot.name} got credentials of ${p.player_id}`);
            break;
          case 'GAME_STATE_SNAPSHOT':
            if (p.game_state.you.player_id !== bot.id) problems.push(`${bot.name} got the snapshot of ${p.game_state.you.player_id}`);
            for (const other of p.game_state.players) {
              if (other.player_id !== bot.id && other.is_active && p.game_state.phase !== 'END' && other.revealed_role) {
                problems.push(`${bot.name}'s snapshot reveals the role of active ${other.player_id}`);
              }
            }
            break;
          case 'CHAT_HISTORY_SNAPSHOT':
            if (!everAi && p.messages.some((m: any) => m.channel === 'AI')) problems.push(`${bot.name} (never AI) got AI chat history`);
            break;
          case 'ROLE_ASSIGNED':
            roleCards++;
            if (p.your_role.role !== me.role) problems.push(`${bot.name} (${me.role}) got role card ${p.your_role.role}`);
            break;
          case 'ALIGNMENT_CHANGED':
            if (!me.aiSince) problems.push(`${bot.name} (never converted) got ALIGNMENT_CHANGED`);
            break;
          case 'PRIVATE_NOTIFICATION':
            if (!me.intel.some((i) => i.type === p.type && i.message === p.message)) {
              problems.push(`${bot.name} got a notification that is not theirs: ${p.type} ${p.message}`);
            }
            break;
          case 'CHAT_MESSAGE':
            if (p.message.channel === 'AI' && !everAi) problems.push(`${bot.name} (never AI) overheard AI chat`);
            break;
        }
      }
      if (roleCards > 1) problems.push(`${bot.name} got ${roleCards} role cards on one socket`);
    }
  }
  return problems;
}
