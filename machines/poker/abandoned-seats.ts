import { out, type Outgoing } from '../../src/contract/index.js';
import { defaultTablePolicy, type SeatState, type TableContext } from './table-state.js';
import { publicSnapshot } from './views.js';

/**
 * Seats whose player has gone away: a seat with no connected socket for `abandonAfterMs` is
 * stood up when no hand runs (at once, or at the end of the hand it is in), so ghosts do not
 * fill the table or cost the others a clock on every turn. Its stack is kept for the player
 * (still counted in the table's bankroll) and comes back if they sit again within
 * `keepStackMs`; after that it is cashed out to nobody.
 */

type Events = Outgoing[];

/** The player's last socket closed. */
export function markAway(ctx: TableContext, seat: SeatState) {
  if (seat.awaySince !== null) return;
  seat.awaySince = ctx.now;
  ctx.epoch++;
}

/** A socket of the player is back. */
export function markBack(ctx: TableContext, seat: SeatState) {
  if (seat.awaySince === null) return;
  seat.awaySince = null;
  ctx.epoch++;
}

/** When the earliest away seat is due to be stood up, or null when everyone is connected. */
export function abandonDeadline(ctx: TableContext): number | null {
  let earliest: number | null = null;
  for (const seat of ctx.seats) {
    if (seat?.awaySince == null) continue;
    const due = seat.awaySince + ctx.policy.abandonAfterMs;
    if (earliest === null || due < earliest) earliest = due;
  }
  return earliest;
}

/** Stand up every seat that has been away for `abandonAfterMs` (only between hands); announce with TABLE_SNAPSHOT. */
export function standUpAbandoned(ctx: TableContext, events: Events): boolean {
  if (ctx.hand !== null) return false;
  let freed = false;
  ctx.seats.forEach((seat, index) => {
    if (seat?.awaySince == null || ctx.now < seat.awaySince + ctx.policy.abandonAfterMs) return;
    if (seat.stack > 0) ctx.kept = { ...ctx.kept, [seat.playerId]: { stack: seat.stack, timebankMs: seat.timebankMs, until: ctx.now + ctx.policy.keepStackMs } };
    ctx.seats[index] = null;
    freed = true;
  });
  if (!freed) return false;
  ctx.epoch++;
  events.push(out('session', publicSnapshot(ctx)));
  return true;
}

/** Kept stacks whose time ran out leave the table (cashed out to nobody). */
export function forgetExpiredKept(ctx: TableContext) {
  let kept: TableContext['kept'] | null = null;
  for (const [playerId, entry] of Object.entries(ctx.kept)) {
    if (entry.until > ctx.now) continue;
    kept ??= { ...ctx.kept };
    delete kept[playerId];
    ctx.bankroll -= entry.stack;
  }
  if (kept) ctx.kept = kept;
}

/** Take back a player's kept stack (removing it), if they have one. */
export function takeKept(ctx: TableContext, playerId: string) {
  const entry = ctx.kept[playerId];
  if (!entry || entry.until <= ctx.now) return undefined;
  const { [playerId]: _, ...rest } = ctx.kept;
  ctx.kept = rest;
  return entry;
}

/**
 * The table actor was restored. From the store (a restarted server), none of the sockets it
 * knew is connected any more: every seat is away from now on, so ghosts of the previous run
 * are freed like any other. Older snapshots get the fields they predate.
 */
export function onRestored(ctx: TableContext, fromStore: boolean) {
  ctx.policy ??= defaultTablePolicy;
  ctx.kept ??= {};
  for (const seat of ctx.seats) {
    if (!seat) continue;
    seat.awaySince ??= null;
    seat.timeouts ??= 0;
    if (fromStore) {
      seat.connections = [];
      if (seat.awaySince === null) seat.awaySince = ctx.now;
    }
  }
  ctx.epoch++;
}
