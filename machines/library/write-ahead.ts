import type { BusEvent, Outgoing } from '../../src/contract/index.js';

/**
 * Rows a library actor has the session write, and what it tells clients only once they are
 * written. A sync job's game and operation rows and a conversation's messages are written by
 * the session's I/O worker, which hears the request after the actor's turn has committed: a
 * crash between that commit and the write would leave the actor past a row that does not
 * exist. So a write request is kept in context (`unsaved`, journaled with the turn that made
 * it) until the worker confirms it (`io_saved` / `ai_stored`: every write up to a `wseq`), the client
 * events of the steps with a write not yet confirmed wait in `held`, and a restored actor asks
 * again for every write still unsaved (`redo`; the writes are idempotent). Pure functions.
 */

export interface PendingWrite {
  wseq: number;
  request: Outgoing;
}

export interface WriteAhead {
  /** Numbers the write requests (the worker's confirmation names one). */
  wseq: number;
  unsaved: PendingWrite[];
  /** Client events waiting for `unsaved` to be confirmed, in emission order. */
  held: Outgoing[];
}

export const noWrites = (): WriteAhead => ({ wseq: 0, unsaved: [], held: [] });

/** How a step's outgoing events travel: a row write, a request or reply that goes at once, or a client event that waits. */
export type Route = 'write' | 'now' | 'ack';

/**
 * One step's outgoing events: writes are numbered, kept and sent; client events wait while
 * any write is unconfirmed (this step's or an earlier one's); without writes pending, everything
 * goes in its own order. (Contexts of earlier builds have no write-ahead fields: none pending.)
 */
export function stage(ctx: Partial<WriteAhead>, outs: readonly Outgoing[], route: (o: Outgoing) => Route): { next: WriteAhead; emit: Outgoing[] } {
  let wseq = ctx.wseq ?? 0;
  const unsaved = [...(ctx.unsaved ?? [])];
  const held = [...(ctx.held ?? [])];
  const routes = outs.map(route);
  if (unsaved.length === 0 && held.length === 0 && !routes.includes('write')) return { next: { wseq, unsaved, held }, emit: [...outs] };
  const emit: Outgoing[] = [];
  outs.forEach((o, i) => {
    if (routes[i] === 'write') {
      wseq++;
      const request: Outgoing = { ...o, event: { ...o.event, wseq } };
      unsaved.push({ wseq, request });
      emit.push(request);
    } else if (routes[i] === 'ack') held.push(o);
    else emit.push(o);
  });
  return { next: { wseq, unsaved, held }, emit };
}

/** Whether a worker's confirmation up to `wseq` covers any write still waiting (a repeated one covers none). */
export function confirms(ctx: Partial<WriteAhead>, wseq: number): boolean {
  return (ctx.unsaved ?? []).some((w) => w.wseq <= wseq);
}

/**
 * The worker stored every write up to `wseq` (it writes them in order and confirms the last
 * of a run at once): once nothing is unsaved, the held client events go, in order.
 */
export function confirm(ctx: Partial<WriteAhead>, wseq: number): { next: Pick<WriteAhead, 'unsaved' | 'held'>; emit: Outgoing[] } {
  const unsaved = (ctx.unsaved ?? []).filter((w) => w.wseq > wseq);
  const held = ctx.held ?? [];
  if (unsaved.length > 0) return { next: { unsaved, held }, emit: [] };
  return { next: { unsaved, held: [] }, emit: held };
}

/** After a restore: the writes still unconfirmed, asked again (`redo`: the worker may find them written already). */
export function redo(ctx: Partial<WriteAhead>): Outgoing[] {
  return (ctx.unsaved ?? []).map((w) => ({ ...w.request, event: { ...w.request.event, redo: true } as BusEvent }));
}
