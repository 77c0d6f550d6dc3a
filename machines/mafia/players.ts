import type { Outgoing } from '../../src/contract/index.js';
import { progressKpi } from './kpis.js';
import { notify } from './step.js';
import type { GameContext, Intel, KpiId, PlayerRecord, Stamp } from './types.js';

/** The player who sent the message being handled (by the member id the gateway bound), if any. */
export const senderOf = (context: GameContext, event: Stamp): PlayerRecord | undefined => {
  const member = event.$from?.member;
  return member === undefined ? undefined : context.players.find((p) => p.id === member);
};

export const playerById = (context: GameContext, id: string | undefined) =>
  id === undefined ? undefined : context.players.find((p) => p.id === id);

/** Replace one player record. */
export const withPlayer = (players: readonly PlayerRecord[], id: string, change: (p: PlayerRecord) => PlayerRecord) =>
  players.map((p) => (p.id === id ? change(p) : p));

/** The current time: the runtime's stamp, or (for timer events, which carry none) the phase deadline. */
export const nowOf = (context: GameContext, event: Stamp) => event.$at ?? context.deadline;

/**
 * Advance one player's KPI; when that completes it, add the private KPI_OBJECTIVE_COMPLETED
 * notification to `out`.
 */
export function advanceKpi(
  players: PlayerRecord[],
  id: string,
  kpi: KpiId,
  progress: number,
  day: number,
  out: Outgoing[],
): PlayerRecord[] {
  const index = players.findIndex((p) => p.id === id);
  if (index === -1) return players;
  const [updated, completed] = progressKpi(players[index], kpi, progress);
  if (updated === players[index]) return players;
  const next = [...players];
  next[index] = updated;
  if (!completed) return next;
  return tell(next, id, day, 'KPI_OBJECTIVE_COMPLETED', `Personal KPI completed: ${updated.kpi!.title}.`, { kpi: updated.kpi }, out);
}

/**
 * Send a player a PRIVATE_NOTIFICATION and keep it in their intel log (their snapshot
 * shows it after a reconnect; an exit interview can hand it on).
 */
export function tell(
  players: PlayerRecord[],
  id: string,
  day: number,
  type: string,
  message: string,
  data: Record<string, unknown> | undefined,
  out: Outgoing[],
): PlayerRecord[] {
  out.push(notify(id, type, message, data));
  const intel: Intel = { day_number: day, type, message, ...(data ? { data } : {}) };
  return withPlayer(players, id, (p) => ({ ...p, intel: [...p.intel, intel] }));
}
