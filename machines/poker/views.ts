import { out, type Outgoing } from '../../src/contract/index.js';
import { cardNames } from './cards.js';
import { buildPots } from './pots.js';
import type { HandPlayer, HandState, TableContext } from './table-state.js';

/**
 * What clients see. Snapshots never carry another player's hole cards: `personalSnapshot`
 * shows the viewer's own two cards only, `publicSnapshot` shows none.
 */

export const seatOf = (ctx: TableContext, playerId: string | undefined): number =>
  playerId === undefined ? -1 : ctx.seats.findIndex((s) => s?.playerId === playerId);

export const handPlayer = (hand: HandState | null, seat: number): HandPlayer | undefined =>
  hand?.players.find((p) => p.seat === seat);

/** Pots of the streets already completed (current-street bets are shown per seat). */
export function settledPots(hand: HandState) {
  return buildPots(hand.players.map((p) => ({ seat: p.seat, amount: p.total - p.bet, folded: p.folded }))).map((pot, i) => ({
    name: i === 0 ? 'main' : `side-${i}`,
    amount: pot.amount,
    eligibleSeats: pot.eligible,
  }));
}

/** Amount to call for the acting player (capped at their stack) and the raise bounds. */
export function promptFields(ctx: TableContext, seat: number) {
  const hand = ctx.hand!;
  const player = handPlayer(hand, seat)!;
  const stack = ctx.seats[seat]?.stack ?? 0;
  const owed = Math.max(0, hand.currentBet - player.bet);
  const maxRaise = player.bet + stack;
  const reopened = player.actedAtBet < 0 || hand.currentBet - player.actedAtBet >= hand.lastFullRaise;
  const minTo = hand.currentBet === 0 ? ctx.settings.bigBlind : hand.currentBet + hand.lastFullRaise;
  const canRaise = reopened && maxRaise > hand.currentBet && othersCanRespond(hand, seat);
  return {
    betToCall: Math.min(owed, stack),
    minRaise: canRaise ? Math.min(minTo, maxRaise) : 0,
    maxRaise: canRaise ? maxRaise : 0,
    canCheck: owed === 0,
    canRaise,
  };
}

/** Someone else still has chips behind to answer a raise. */
export function othersCanRespond(hand: HandState, seat: number): boolean {
  return hand.players.some((p) => p.seat !== seat && !p.folded && !p.allIn);
}

export function actionPrompt(ctx: TableContext): Outgoing {
  const turn = ctx.turn!;
  const seat = ctx.seats[turn.seat];
  return out('session', {
    type: 'ACTION_PROMPT',
    tableId: ctx.tableId,
    handId: ctx.hand!.id,
    actingIndex: turn.seat,
    playerId: seat?.playerId ?? null,
    ...promptFields(ctx, turn.seat),
    timeLeftMs: Math.max(0, turn.deadline - ctx.now),
    timer: turn.phase,
    timebankMs: seat?.timebankMs ?? 0,
  });
}

function snapshot(ctx: TableContext, viewer: string | undefined) {
  const hand = ctx.hand;
  return {
    type: 'TABLE_SNAPSHOT',
    tableId: ctx.tableId,
    name: ctx.settings.name,
    state: ctx.phase,
    settings: ctx.settings,
    handId: hand?.id ?? null,
    street: hand?.street ?? null,
    buttonIndex: hand?.button ?? ctx.positions?.button ?? null,
    smallBlindIndex: hand && hand.sbPosted ? hand.sbSeat : null,
    bigBlindIndex: hand?.bbSeat ?? null,
    board: hand ? cardNames(hand.board) : [],
    pots: hand ? settledPots(hand) : [],
    currentBet: hand?.currentBet ?? 0,
    actingIndex: hand?.acting ?? null,
    timeLeftMs: ctx.turn ? Math.max(0, ctx.turn.deadline - ctx.now) : null,
    nextHandInMs: ctx.phase === 'between' && ctx.nextHandAt !== null ? Math.max(0, ctx.nextHandAt - ctx.now) : null,
    yourSeat: viewer === undefined ? null : seatOf(ctx, viewer) >= 0 ? seatOf(ctx, viewer) : null,
    /** The stack kept for the viewer since they were stood up while away: a SIT brings it back. */
    yourKeptStack: viewer === undefined ? null : (ctx.kept?.[viewer]?.stack ?? null),
    seats: ctx.seats.map((seat, index) => {
      const player = handPlayer(hand, index);
      if (!seat && !player) return null;
      const own = player && player.playerId === viewer;
      return {
        index,
        playerId: seat?.playerId ?? player!.playerId,
        stack: seat?.stack ?? 0,
        sittingOut: seat?.sittingOut ?? true,
        waitingForBB: seat?.waitingForBB ?? false,
        connected: (seat?.connections.length ?? 0) > 0,
        timebankMs: seat?.timebankMs ?? 0,
        inHand: !!player && !player.folded,
        bet: player?.bet ?? 0,
        totalBet: player?.total ?? 0,
        folded: player?.folded ?? false,
        allIn: player?.allIn ?? false,
        cards: own ? cardNames(player!.hole) : null,
      };
    }),
  };
}

/** The table as `viewer` may see it (their own hole cards only). */
export const personalSnapshot = (ctx: TableContext, viewer: string | undefined) => snapshot(ctx, viewer);
/** The table as anyone may see it (no hole cards). */
export const publicSnapshot = (ctx: TableContext) => snapshot(ctx, undefined);

export function errorEvent(ctx: TableContext, code: string, msg: string, cmdId?: unknown): Outgoing {
  return out('sender', {
    type: 'ERROR',
    tableId: ctx.tableId,
    code,
    msg,
    ...(typeof cmdId === 'string' ? { cmdId } : {}),
  });
}
