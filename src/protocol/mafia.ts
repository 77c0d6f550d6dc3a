/**
 * Wire family of seed 000 (mafia lobby) on `/mafia/ws`: client actions and server events
 * are `{"type": NAME, "payload": {...}}`; errors `{"type":"ERROR","payload":{"code","message"}}`.
 */
import * as t from 'io-ts';
import type { BusEvent, WireCodec } from '../contract/index.js';
import { MAFIA_ERRORS } from '../../machines/mafia/errors.js';
import { loadMafiaConfig } from '../config/mafia.js';
import { boundedString } from './common.js';
import { mafiaServerEvents } from './mafia-events.js';
import { checkedType, codecsByTag, decodeTagged, parseObject, type Decoded } from './decode.js';

/** Limits the codecs enforce (from config: MAFIA_*_MAX_CHARS). */
export interface MafiaLimits {
  playerNameMaxChars: number;
  chatMaxChars: number;
  pulseCheckMaxChars: number;
}

export const STATUS_MAX_CHARS = 20;
export const EXIT_FEEDBACK_MAX_CHARS = 280;

/** Game and player ids: short URL-safe strings (they become bus addresses). */
const Id = checkedType('id (1..64 of A-Z a-z 0-9 _ -)', (u): u is string => typeof u === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(u));

/** A status line: at most 20 characters, may be empty (clears it). */
const Status = checkedType(`string(0..${STATUS_MAX_CHARS})`, (u): u is string => typeof u === 'string' && u.length <= STATUS_MAX_CHARS);

/** One sentence: 1..max characters, no line breaks. */
const sentence = (max: number) =>
  checkedType(`one sentence (1..${max} characters, no line breaks)`, (u): u is string => typeof u === 'string' && u.trim().length > 0 && u.length <= max && !/[\r\n]/.test(u));

const Target = t.type({ target_player_id: Id });
const Budget = t.type({ source_player_id: Id, destination_player_id: Id });

/** Night action `data` by action `type` (docs/mafia.md, "Roles"). */
export const NIGHT_ACTION_DATA = {
  CONVERT: Target,
  SYSTEM_SHOCK: Target,
  MINE: Target,
  PATCH: Target,
  REALLOCATE_BUDGET: Budget,
  FIREWALL: Target,
  SHADOW: Target,
} as const;
export type NightActionName = keyof typeof NIGHT_ACTION_DATA;

const NightAction = new t.Type<{ type: NightActionName; data: Record<string, string> }, unknown, unknown>(
  'NightAction',
  (u): u is { type: NightActionName; data: Record<string, string> } => typeof u === 'object' && u !== null,
  (u, c) => {
    const body = u as { type?: unknown; data?: unknown } | null;
    if (typeof body !== 'object' || body === null) return t.failure(u, c, 'payload: expected an object');
    const type = body.type;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(NIGHT_ACTION_DATA, type)) {
      return t.failure(u, c, `payload.type: expected one of ${Object.keys(NIGHT_ACTION_DATA).join(', ')}`);
    }
    const codec: t.InterfaceType<t.Props> = NIGHT_ACTION_DATA[type as NightActionName];
    const fields = Object.keys(codec.props);
    if (codec.decode(body.data)._tag === 'Left') {
      return t.failure(u, c, `payload.data: ${type} expects ${fields.join(' and ')} (player ids)`);
    }
    // Keep only the known fields (extra ones are ignored, as everywhere on the wire).
    const data = Object.fromEntries(fields.map((f) => [f, (body.data as Record<string, string>)[f]]));
    return t.success({ type: type as NightActionName, data });
  },
  t.identity,
);

/** Build the client action codecs for the given limits. */
export function createMafiaCodecs(limits: MafiaLimits) {
  const PlayerName = boundedString(limits.playerNameMaxChars);
  const action = <T extends string, P extends t.Mixed>(type: T, payload: P) =>
    t.type({ type: t.literal(type), payload }, type);

  const Reconnect = action('RECONNECT', t.type({ game_id: Id, player_id: Id, session_token: boundedString(256) }));
  const CreateGame = action('CREATE_GAME', t.type({ player_name: PlayerName }));
  const JoinGame = action('JOIN_GAME', t.type({ game_id: Id, player_name: PlayerName }));
  const StartGame = action('START_GAME', t.UnknownRecord);
  const PostChatMessage = action('POST_CHAT_MESSAGE', t.type({ content: boundedString(limits.chatMaxChars) }));
  const UpdateStatus = action('UPDATE_STATUS', t.type({ status: Status }));
  const SubmitNightAction = action('SUBMIT_NIGHT_ACTION', NightAction);
  const SubmitVote = action(
    'SUBMIT_VOTE',
    t.partial({ vote_target_id: Id, verdict: t.keyof({ YES: null, NO: null }) }),
  );
  const SubmitPulseCheck = action('SUBMIT_PULSE_CHECK', t.type({ response: sentence(limits.pulseCheckMaxChars) }));
  const SubmitExitInterview = action(
    'SUBMIT_EXIT_INTERVIEW',
    t.intersection([
      t.type({
        action: t.keyof({ HANDOFF: null, CONFIDENTIAL_FEEDBACK: null, BURN_BRIDGES: null }),
        final_status: Status,
      }),
      // Optional in seed 000's shape; every action of ours needs it (the game says so).
      t.partial({ target_player_id: Id, feedback: boundedString(EXIT_FEEDBACK_MAX_CHARS) }),
    ]),
  );

  const ClientAction = t.union([
    Reconnect,
    CreateGame,
    JoinGame,
    StartGame,
    PostChatMessage,
    UpdateStatus,
    SubmitNightAction,
    SubmitVote,
    SubmitPulseCheck,
    SubmitExitInterview,
  ]);
  const byType = codecsByTag(ClientAction.types);
  return { ClientAction, byType };
}

/** Body of `POST /api/games` and `POST /api/games/{game_id}/players`. */
export const createPlayerBody = (limits: MafiaLimits) => t.type({ player_name: boundedString(limits.playerNameMaxChars) });

type Codecs = ReturnType<typeof createMafiaCodecs>;
/** One decoded client action of seed 000. */
export type MafiaClientAction = t.TypeOf<Codecs['ClientAction']>;

/** Decode one text frame into a client action (strict on fields, unknown extra fields ignored). */
export function decodeMafiaAction(codecs: Codecs, text: string): Decoded<MafiaClientAction> {
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  const decoded = decodeTagged(parsed.value, codecs.byType);
  if (!decoded.ok) return decoded;
  // SUBMIT_VOTE carries exactly one of the two fields.
  const value = decoded.value as MafiaClientAction;
  if (value.type === 'SUBMIT_VOTE') {
    const { vote_target_id, verdict } = value.payload as { vote_target_id?: string; verdict?: string };
    if ((vote_target_id === undefined) === (verdict === undefined)) {
      return { ok: false, error: { message: 'payload: give exactly one of vote_target_id (nomination) or verdict (YES or NO)', request: parsed.value } };
    }
  }
  return { ok: true, value };
}

/** Server events are already `{type, payload}`; control events never reach here. */
export const encodeMafiaEvent = (event: BusEvent) => JSON.stringify(event);

export const encodeMafiaError = (code: string, message: string) => JSON.stringify({ type: 'ERROR', payload: { code, message } });

/** The `/mafia/ws` wire codec at the given limits. */
export function createMafiaCodec(limits: MafiaLimits): WireCodec<MafiaClientAction> {
  const codecs = createMafiaCodecs(limits);
  return {
    decode: (text) => decodeMafiaAction(codecs, text),
    encode: encodeMafiaEvent,
    error: (code, message) => encodeMafiaError(code, message),
    codes: { validation: 'VALIDATION_ERROR', rateLimited: 'RATE_LIMITED' },
  };
}

/** For the generated docs (docs/protocol/mafia.md): the client actions at the default limits. */
export const mafiaWire = {
  name: 'mafia',
  title: 'Social deduction lobby',
  seed: '000',
  routes: ['/mafia/ws'],
  envelope:
    'JSON text frames `{"type","payload"}` both ways. A socket must first send `RECONNECT`, `CREATE_GAME` or ' +
    '`JOIN_GAME`. Errors are `{"type":"ERROR","payload":{"code","message"}}`. Server events, rules and the REST ' +
    'calls are in [docs/mafia.md](../mafia.md).',
  client: createMafiaCodecs(loadMafiaConfig({})).ClientAction.types,
  server: mafiaServerEvents,
  errors: Object.fromEntries(Object.entries(MAFIA_ERRORS).map(([code, { meaning }]) => [code, meaning])),
};
