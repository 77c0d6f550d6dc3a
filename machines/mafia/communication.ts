import type { Outgoing } from '../../src/contract/index.js';
import type { EventOf } from './events.js';
import { advanceKpi, nowOf, senderOf, withPlayer } from './players.js';
import { isAi } from './roles.js';
import { reject, toPlayer, toSession, type Step } from './step.js';
import type { ChatMessage, GameContext } from './types.js';

/**
 * POST_CHAT_MESSAGE. Lobby, day and end: the public channel (active players; everyone in
 * the lobby and after the end). Night: only active AI members talk, on the AI channel that
 * reaches AI members alone; the office is closed for everyone else.
 */
export function postChat(context: GameContext, event: EventOf<'POST_CHAT_MESSAGE'>): Step {
  const me = senderOf(context, event);
  if (!me) return reject(context, 'NOT_IN_GAME', 'you are not a player of this game');
  const running = context.phase === 'DAY' || context.phase === 'NIGHT';
  if (running && !me.active) return reject(context, 'PLAYER_INACTIVE', 'deactivated players cannot chat until the game ends');
  let channel: ChatMessage['channel'] = 'PUBLIC';
  if (context.phase === 'NIGHT') {
    if (!isAi(me)) return reject(context, 'WRONG_PHASE', 'the office is closed at night: chat reopens at dawn');
    channel = 'AI';
  }
  if (context.phase === 'DAY' && context.crisis?.crisis_id === 'QUIET_PERIOD') {
    const sent = context.chat.filter((m) => m.player_id === me.id && m.phase === 'DAY' && m.day_number === context.dayNumber).length;
    if (sent >= context.settings.quietPeriodMessages) {
      return reject(context, 'QUOTA_EXCEEDED', `QUIET_PERIOD: at most ${context.settings.quietPeriodMessages} messages today`);
    }
  }
  const message: ChatMessage = {
    message_id: `m-${context.chatSeq + 1}`,
    player_id: me.id,
    player_name: me.name,
    content: event.payload.content,
    channel,
    phase: context.phase,
    day_number: context.dayNumber,
    sent_at: new Date(nowOf(context, event)).toISOString(),
  };
  const outs: Outgoing[] = [];
  if (channel === 'PUBLIC') outs.push(toSession('CHAT_MESSAGE', { message }));
  else for (const member of context.players.filter(isAi)) outs.push(toPlayer(member.id, 'CHAT_MESSAGE', { message }));
  let players = withPlayer(context.players, me.id, (p) => ({ ...p, stats: { ...p.stats, chat: p.stats.chat + 1 } }));
  players = advanceKpi(players, me.id, 'NETWORKER', me.stats.chat + 1, context.dayNumber, outs);
  const chat = [...context.chat, message].slice(-context.settings.chatHistoryMax);
  return { context: { ...context, players, chat, chatSeq: context.chatSeq + 1 }, out: outs };
}

/** UPDATE_STATUS: a public status line (max 20 characters) for active players. */
export function updateStatus(context: GameContext, event: EventOf<'UPDATE_STATUS'>): Step {
  const me = senderOf(context, event);
  if (!me) return reject(context, 'NOT_IN_GAME', 'you are not a player of this game');
  if (context.phase === 'END') return reject(context, 'GAME_OVER', 'the game has ended');
  if (!me.active) return reject(context, 'PLAYER_INACTIVE', 'deactivated players keep their final status');
  const outs: Outgoing[] = [toSession('PLAYER_STATUS_UPDATED', { player_id: me.id, status: event.payload.status })];
  let players = withPlayer(context.players, me.id, (p) => ({
    ...p,
    status: event.payload.status,
    stats: { ...p.stats, statusUpdates: p.stats.statusUpdates + 1 },
  }));
  players = advanceKpi(players, me.id, 'STATUS_SYMBOL', me.stats.statusUpdates + 1, context.dayNumber, outs);
  return { context: { ...context, players }, out: outs };
}

/** SUBMIT_PULSE_CHECK: one sentence per active player per day, published with attribution. */
export function submitPulseCheck(context: GameContext, event: EventOf<'SUBMIT_PULSE_CHECK'>): Step {
  const me = senderOf(context, event);
  if (!me) return reject(context, 'NOT_IN_GAME', 'you are not a player of this game');
  if (!me.active) return reject(context, 'PLAYER_INACTIVE', 'deactivated players cannot answer the Pulse Check');
  if (context.pulseChecks.some((p) => p.player_id === me.id)) {
    return reject(context, 'ALREADY_SUBMITTED', "you already answered today's Pulse Check");
  }
  const entry = { player_id: me.id, player_name: me.name, response: event.payload.response };
  const outs: Outgoing[] = [toSession('PULSE_CHECK_SUBMITTED', entry)];
  const pulseDays = [...me.stats.pulseDays, context.dayNumber];
  let players = withPlayer(context.players, me.id, (p) => ({ ...p, stats: { ...p.stats, pulseDays } }));
  players = advanceKpi(players, me.id, 'PULSE_CHAMPION', pulseDays.length, context.dayNumber, outs);
  return { context: { ...context, players, pulseChecks: [...context.pulseChecks, entry] }, out: outs };
}
