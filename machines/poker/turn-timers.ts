import { out, type Outgoing } from '../../src/contract/index.js';
import { applyAction } from './player-action.js';
import type { TableContext } from './table-state.js';
import { actionPrompt, handPlayer, publicSnapshot } from './views.js';

/**
 * The acting player's clock: action time, then their timebank, then an automatic
 * Check or Fold; and the disconnect grace timer that pauses it while their last socket is
 * away, resuming where it stopped when they are back.
 */

type Events = Outgoing[];

/** Turns in a row the server acts for a connected player before it sits them out. */
export const TIMEOUTS_TO_SIT_OUT = 2;

/** The turn's timer ran out: action time → timebank → automatic Check (if free) or Fold. */
export function onTurnTimeout(ctx: TableContext, events: Events) {
  const turn = ctx.turn;
  if (!turn) return;
  ctx.now = turn.deadline;
  const seat = ctx.seats[turn.seat]!;
  if (turn.phase !== 'timebank' && seat.timebankMs > 0) {
    ctx.turn = { seat: turn.seat, phase: 'timebank', startedAt: ctx.now, deadline: ctx.now + seat.timebankMs };
    ctx.epoch++;
    events.push(actionPrompt(ctx));
    return;
  }
  if (turn.phase === 'timebank') seat.timebankMs = 0;
  seat.timeouts++;
  // An absent player, or one acted for twice in a row, is not dealt into further hands until they act or SIT_IN.
  const satOut = !seat.sittingOut && (seat.connections.length === 0 || seat.timeouts >= TIMEOUTS_TO_SIT_OUT);
  if (satOut) seat.sittingOut = true;
  const player = handPlayer(ctx.hand, turn.seat)!;
  applyAction(ctx, events, turn.seat, player.bet >= ctx.hand!.currentBet ? 'Check' : 'Fold', undefined, true);
  if (satOut) events.push(out('session', publicSnapshot(ctx)));
}

/** The acting player's last socket closed: their timer becomes the disconnect grace timer. */
export function onTurnDisconnect(ctx: TableContext, events: Events, seatIndex: number) {
  const turn = ctx.turn;
  if (!turn || turn.seat !== seatIndex || turn.phase === 'grace') return;
  const seat = ctx.seats[seatIndex]!;
  if (turn.phase === 'timebank') seat.timebankMs = Math.max(0, seat.timebankMs - (ctx.now - turn.startedAt));
  ctx.turn = {
    seat: seatIndex,
    phase: 'grace',
    startedAt: ctx.now,
    deadline: ctx.now + ctx.settings.disconnectGraceMs,
    resumePhase: turn.phase,
    resumeLeftMs: turn.phase === 'action' ? Math.max(0, turn.deadline - ctx.now) : seat.timebankMs,
  };
  ctx.epoch++;
  events.push(actionPrompt(ctx));
}

/** The acting player is back during their grace timer: their own clock resumes where it stopped. */
export function onTurnReconnect(ctx: TableContext, events: Events, seatIndex: number) {
  const turn = ctx.turn;
  if (!turn || turn.seat !== seatIndex || turn.phase !== 'grace') return;
  const seat = ctx.seats[seatIndex]!;
  const phase = turn.resumePhase ?? 'action';
  const left = phase === 'action' ? (turn.resumeLeftMs ?? ctx.settings.actionTimeMs) : seat.timebankMs;
  ctx.turn = { seat: seatIndex, phase, startedAt: ctx.now, deadline: ctx.now + left };
  ctx.epoch++;
  events.push(actionPrompt(ctx));
}
