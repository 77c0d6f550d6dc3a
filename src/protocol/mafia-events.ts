/**
 * Server events of seed 000 (`/mafia/ws`), `{"type","payload"}`: what docs/mafia.md lists
 * under "Server → client". The client SDK derives its event types from these and checks
 * incoming frames against them in development; nested objects the rules page describes in
 * prose (KPIs, night results, crises) are typed as records.
 */
import * as t from 'io-ts';

const Str = t.string;
const Num = t.number;
const Bool = t.boolean;
const Nullable = <C extends t.Mixed>(c: C) => t.union([c, t.null]);
const Phase = t.keyof({ LOBBY: null, DAY: null, NIGHT: null, END: null });
const Record_ = t.UnknownRecord;

const event = <T extends string, P extends t.Mixed>(type: T, payload: P) => t.type({ type: t.literal(type), payload }, type);

export const PlayerObject = t.intersection([
  t.type({ player_id: Str, player_name: Str, status: Str, is_host: Bool, is_active: Bool, is_connected: Bool }),
  t.partial({ revealed_role: Str, revealed_alignment: Str }),
], 'PlayerObject');

export const RoleInfo = t.type({
  role: Str, title: Str, alignment: Str, starting_alignment: Str, description: Str, night_action: Nullable(Str), personal_kpi: Record_,
}, 'RoleInfo');

export const MafiaChatMessage = t.type({
  message_id: Str, player_id: Str, player_name: Str, content: Str, channel: t.keyof({ PUBLIC: null, AI: null }), phase: Str, day_number: Num, sent_at: Str,
}, 'ChatMessage');

export const PublicGame = t.intersection([
  t.type({
    game_id: Str, phase: Phase, sub_phase: Nullable(t.keyof({ NOMINATION: null, VERDICT: null })), day_number: Num,
    host_player_id: Str, min_players: Num, max_players: Num, players: t.array(PlayerObject),
  }),
  t.partial({ winning_faction: Nullable(Str), end_reason: Nullable(Str) }),
], 'PublicGame');

export const GameState = t.intersection([
  PublicGame,
  t.type({
    phase_ends_at: Nullable(Str),
    crisis_event: Nullable(Record_),
    pulse_check_prompt: Nullable(Str),
    pulse_checks: t.unknown,
    vote_weights: t.record(Str, Num),
    nominations: t.array(t.type({ voter_id: Str, vote_target_id: Str })),
    nominee_id: Nullable(Str),
    verdicts: t.array(t.type({ voter_id: Str, verdict: Str })),
    you: t.type({
      player_id: Str, player_name: Str, is_host: Bool, role: Nullable(RoleInfo), alignment: Nullable(Str),
      ai_teammates: t.array(Record_), afflicted: Bool, vote_weight: Num, night_action_available: t.unknown,
      night_action_submitted: t.unknown, exit_interview_pending: Bool, intel: t.array(Record_),
    }),
  }),
], 'GameState');

export const mafiaServerEvents = [
  event('SESSION_CREDENTIALS', t.type({ game_id: Str, player_id: Str, session_token: Str })),
  event('GAME_STATE_SNAPSHOT', t.type({ game_state: GameState })),
  event('CHAT_HISTORY_SNAPSHOT', t.type({ messages: t.array(MafiaChatMessage) })),
  event('PLAYER_JOINED', t.type({ player: PlayerObject })),
  event('PLAYER_LEFT', t.type({ player_id: Str })),
  event('PLAYER_RECONNECTED', t.type({ player_id: Str })),
  event('PLAYER_STATUS_UPDATED', t.type({ player_id: Str, status: Str })),
  event('ROLE_ASSIGNED', t.type({ your_role: RoleInfo })),
  event('ALIGNMENT_CHANGED', t.type({ new_alignment: t.literal('ROGUE_AI') })),
  event('PHASE_CHANGED', t.intersection([
    t.type({ new_phase: Phase, duration_sec: Num, day_number: Num }),
    t.partial({ crisis_event: Nullable(Record_), pulse_check_prompt: Nullable(Str), vote_weights: t.record(Str, Num) }),
  ])),
  event('CHAT_MESSAGE', t.type({ message: MafiaChatMessage })),
  event('PULSE_CHECK_SUBMITTED', t.type({ player_id: Str, player_name: Str, response: Str })),
  event('VOTE_CAST', t.intersection([t.type({ voter_id: Str, weight: Num }), t.partial({ vote_target_id: Str, verdict: t.keyof({ YES: null, NO: null }) })])),
  event('NOMINATION_CLOSED', t.type({ nominee_id: Nullable(Str), nominee_name: Nullable(Str), tally: t.array(t.type({ player_id: Str, votes: Num })) })),
  event('VERDICT_STARTED', t.type({ nominee_id: Str, nominee_name: Str, duration_sec: Num })),
  event('VERDICT_CLOSED', t.type({ nominee_id: Str, yes: Num, no: Num, deactivated: Bool })),
  event('PLAYER_DEACTIVATED', t.type({ player_id: Str, revealed_role: Str, revealed_alignment: Str })),
  event('EXIT_INTERVIEW_SUBMITTED', t.intersection([t.type({ player_id: Str, action: Str, final_status: Str }), t.partial({ target_player_id: Str })])),
  event('NIGHT_ACTION_ACCEPTED', t.type({ type: Str, data: Record_ })),
  event('NIGHT_ACTIONS_RESOLVED', t.type({ results: Record_ })),
  event('PRIVATE_NOTIFICATION', t.intersection([t.type({ type: Str, message: Str }), t.partial({ data: Record_ })])),
  event('GAME_ENDED', t.type({
    winning_faction: Str, reason: Str, reason_code: Str,
    player_states: t.array(t.intersection([PlayerObject, t.type({ role: Nullable(Str), alignment: Nullable(Str), personal_kpi: t.unknown })])),
  })),
  event('ERROR', t.type({ code: Str, message: Str })),
] as const;
