import * as t from 'io-ts';
import type { BusEvent, WireCodec } from '../contract/index.js';
import { PokerErrorCode } from '../../machines/poker/errors.js';
import { boundedString, intBetween } from './common.js';
import { checkedType, codecsByTag, decodeTagged, parseObject } from './decode.js';

/**
 * Seed 002 wire family (`/poker/ws`): flat JSON both ways. Every command carries `cmdId`;
 * every server event carries `tableId` (but `SESSION`); errors are
 * `{type:"ERROR", tableId?, code, msg, cmdId?}`. Extra unknown fields are ignored.
 */
export { PokerErrorCode };

const TABLE_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const TableId = checkedType('table id (1..64 of A-Z a-z 0-9 _ -)', (u): u is string => typeof u === 'string' && TABLE_ID.test(u));

/** Chips: a whole, non-negative number (never a string, never fractional). */
export const Chips = intBetween(0, Number.MAX_SAFE_INTEGER, 'a whole number of chips (integer >= 0)');
const CmdId = boundedString(128, 'cmdId string (1..128 chars)');

const command = <T extends string, P extends t.Props>(type: T, props: P) =>
  t.intersection([t.type({ type: t.literal(type), cmdId: CmdId, ...props }), t.partial({ tableId: TableId })], type);

export const Sit = t.intersection(
  [t.type({ type: t.literal('SIT'), cmdId: CmdId, tableId: TableId, buyIn: Chips }), t.partial({ seat: intBetween(0, 9, 'seat index 0..9') })],
  'SIT',
);
export const Watch = t.type({ type: t.literal('WATCH'), cmdId: CmdId, tableId: TableId }, 'WATCH');
export const Leave = command('LEAVE', {});
export const SitOut = command('SIT_OUT', {});
export const SitIn = command('SIT_IN', {});
export const PostBlind = command('POST_BLIND', { blindType: t.keyof({ SB: null, BB: null }, '"SB" or "BB"') });
export const ActionName = t.keyof({ Fold: null, Check: null, Call: null, Bet: null, Raise: null, AllIn: null }, 'Fold|Check|Call|Bet|Raise|AllIn');
export const Action = t.intersection(
  [t.type({ type: t.literal('ACTION'), cmdId: CmdId, action: ActionName }), t.partial({ tableId: TableId, amount: Chips })],
  'ACTION',
);
export const Rebuy = command('REBUY', { amount: Chips });

export const pokerClientCodecs = [Sit, Watch, Leave, SitOut, SitIn, PostBlind, Action, Rebuy] as const;
export const PokerCommand = t.union([...pokerClientCodecs]);
export type PokerCommand = t.TypeOf<typeof PokerCommand>;
const byType = codecsByTag(pokerClientCodecs);

// ---- REST ----

const Ms = intBetween(1_000, 3_600_000, 'milliseconds (1000..3600000)');
export const CreateTableBody = t.intersection([
  t.type({ smallBlind: intBetween(1, 1e12, 'chips >= 1'), bigBlind: intBetween(1, 1e12, 'chips >= 1') }),
  t.partial({
    name: boundedString(64, 'string(1..64)'),
    maxSeats: intBetween(2, 10, 'seats 2..10'),
    minBuyIn: intBetween(1, 1e15, 'chips >= 1'),
    maxBuyIn: intBetween(1, 1e15, 'chips >= 1'),
    actionTimeMs: Ms,
    timebankMs: intBetween(0, 3_600_000, 'milliseconds (0..3600000)'),
    disconnectGraceMs: intBetween(0, 3_600_000, 'milliseconds (0..3600000)'),
    nextHandDelayMs: intBetween(0, 600_000, 'milliseconds (0..600000)'),
  }),
]);
export type CreateTableBody = t.TypeOf<typeof CreateTableBody>;

// ---- server events (tests decode against these; docs/poker.md lists every field) ----

const event = <T extends string, P extends t.Props>(type: T, props: P) => t.type({ type: t.literal(type), tableId: t.string, ...props }, type);
const Card = t.string;
const PotView = t.type({ name: t.string, amount: t.number, eligibleSeats: t.array(t.number) });

export const SessionEvent = t.type({ type: t.literal('SESSION'), userId: t.string, resumeToken: t.string });
export const pokerServerEvents = [
  event('TABLE_SNAPSHOT', {
    state: t.string, handId: t.union([t.number, t.null]), actingIndex: t.union([t.number, t.null]), yourSeat: t.union([t.number, t.null]),
    seats: t.array(t.unknown), board: t.array(Card), pots: t.array(PotView),
  }),
  event('HAND_START', { handId: t.number, buttonIndex: t.number, bigBlindIndex: t.number, players: t.array(t.unknown) }),
  event('BLINDS_POSTED', { handId: t.number, blinds: t.array(t.type({ seat: t.number, playerId: t.string, blindType: t.string, amount: t.number })) }),
  event('DEAL_HOLE', { handId: t.number, seat: t.number, cards: t.array(Card) }),
  event('ACTION_PROMPT', {
    handId: t.number, actingIndex: t.number, playerId: t.union([t.string, t.null]), betToCall: t.number, minRaise: t.number, maxRaise: t.number,
    canCheck: t.boolean, timeLeftMs: t.number, timer: t.string, timebankMs: t.number,
  }),
  event('PLAYER_ACTION_APPLIED', { playerId: t.string, action: ActionName, amount: t.number }),
  event('ROUND_END', { street: t.string, pots: t.array(PotView) }),
  event('DEAL_FLOP', { cards: t.array(Card), board: t.array(Card) }),
  event('DEAL_TURN', { cards: t.array(Card), board: t.array(Card) }),
  event('DEAL_RIVER', { cards: t.array(Card), board: t.array(Card) }),
  event('SHOWDOWN', { revealOrder: t.array(t.type({ seat: t.number, playerId: t.string, cards: t.array(Card), bestHand: t.array(Card), rank: t.string })) }),
  event('PAYOUT', {
    potBreakdown: t.array(
      t.type({ name: t.string, amount: t.number, eligibleSeats: t.array(t.number), winners: t.array(t.type({ seat: t.number, playerId: t.string, share: t.number })) }),
    ),
  }),
  event('HAND_END', { handId: t.number }),
  event('BUTTON_MOVED', { buttonIndex: t.number }),
  event('LEFT_SEAT', { seat: t.number, cashOut: t.number }),
] as const;
export const PokerErrorEvent = t.intersection(
  [t.type({ type: t.literal('ERROR'), code: t.keyof(PokerErrorCode), msg: t.string }), t.partial({ tableId: t.string, cmdId: t.string })],
  'ERROR',
);
export const serverEventCodecs = codecsByTag([...pokerServerEvents, SessionEvent]);

export const pokerCodec: WireCodec<PokerCommand> = {
  decode(text) {
    const parsed = parseObject(text);
    return parsed.ok ? decodeTagged(parsed.value, byType) : parsed;
  },
  encode: (event: BusEvent) => JSON.stringify(event),
  error(code, msg, request) {
    const tableId = typeof request?.tableId === 'string' && TABLE_ID.test(request.tableId) ? request.tableId : undefined;
    const cmdId = typeof request?.cmdId === 'string' && request.cmdId.length <= 128 ? request.cmdId : undefined;
    return JSON.stringify({
      type: 'ERROR',
      ...(tableId !== undefined ? { tableId } : {}),
      code,
      msg,
      ...(cmdId !== undefined ? { cmdId } : {}),
    });
  },
  codes: { validation: PokerErrorCode.VALIDATION_ERROR, rateLimited: PokerErrorCode.RATE_LIMITED },
};

/** For the generated docs (docs/protocol/poker.md). */
export const pokerWire = {
  name: 'poker',
  title: 'No-limit hold\'em table',
  seed: '002',
  routes: ['/poker/ws', '/poker/ws?resume=TOKEN'],
  envelope:
    'Flat JSON text frames. Every command carries `cmdId` (a duplicate is not applied; the latest `TABLE_SNAPSHOT` ' +
    'is resent) and `tableId`. Every server event carries `tableId`, except `SESSION`, the first frame of every ' +
    'connection. Errors are `{"type":"ERROR","tableId?","code","msg","cmdId?"}`. Rules: [docs/poker.md](../poker.md).',
  client: pokerClientCodecs,
  server: [SessionEvent, ...pokerServerEvents, PokerErrorEvent],
  errors: Object.fromEntries(Object.keys(PokerErrorCode).map((code) => [code, 'see [docs/poker.md](../poker.md)'])),
};
