import type { EventOf, MafiaEvent } from './events.js';
import { disconnect, reconnect } from './lobby.js';
import { senderOf } from './players.js';
import { toPlayer, type Step } from './step.js';
import type { GameContext, PlayerRecord } from './types.js';
import { gameStateFor } from './views.js';

/**
 * The lobby's host leaves: when the host's socket closes, the lobby waits `hostGraceMs` for
 * them (a page reload must not hand the game away); if they are not back by then, the host
 * passes to the longest-seated connected player (the earliest to join). The seed has no
 * host-change event, so every connected player gets a fresh GAME_STATE_SNAPSHOT naming the
 * new host (`host_player_id`, `is_host`). With nobody else connected the lobby waits another
 * grace period and checks again.
 */

/** A sane wait for a page reload or a flaky network: half a minute. */
export const DEFAULT_HOST_GRACE_MS = 30_000;

const graceOf = (context: GameContext) => context.settings.hostGraceMs ?? DEFAULT_HOST_GRACE_MS;

/** The host's current socket is the one that closed. */
export function hostLeaves(context: GameContext, event: MafiaEvent): boolean {
  const player = senderOf(context, event);
  return !!player && player.id === context.hostId && player.conn !== null && player.conn === event.$from?.conn;
}

/** A RECONNECT that will succeed for the host. */
export function hostReturns(context: GameContext, event: MafiaEvent): boolean {
  if (event.type !== 'RECONNECT' || event.$from?.conn === undefined) return false;
  const host = context.players.find((p) => p.id === context.hostId);
  return !!host && host.id === event.payload.player_id && host.tokenHash === event.token_hash;
}

/** Who takes over: the longest-seated connected player other than the host. */
export const successor = (context: GameContext): PlayerRecord | undefined => context.players.find((p) => p.connected && p.id !== context.hostId);

/** The host disconnected (PLAYER_LEFT as for anyone) and their grace starts. */
export function hostLeft(context: GameContext, event: MafiaEvent): Step {
  const step = disconnect(context, event);
  const now = event.$at ?? context.deadline;
  return { context: { ...step.context, deadline: now + graceOf(context), timerMs: graceOf(context) }, out: step.out };
}

/** The host came back in time: a reconnect like any other, and the grace is over. */
export function hostReturned(context: GameContext, event: EventOf<'RECONNECT'>): Step {
  const step = reconnect(context, event);
  return { context: { ...step.context, deadline: 0, timerMs: 0 }, out: step.out };
}

/** The grace ran out with someone connected: they are the host now; everyone connected sees it in their snapshot. */
export function passHost(context: GameContext): Step {
  const next: GameContext = { ...context, hostId: successor(context)!.id, deadline: 0, timerMs: 0 };
  return {
    context: next,
    out: next.players.filter((p) => p.connected).map((p) => toPlayer(p.id, 'GAME_STATE_SNAPSHOT', { game_state: gameStateFor(next, p.id) })),
  };
}

/** The grace ran out with nobody else connected: wait another grace period. */
export function waitAgain(context: GameContext): Step {
  return { context: { ...context, deadline: context.deadline + graceOf(context), timerMs: graceOf(context) }, out: [] };
}
