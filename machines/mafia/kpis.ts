import type { KpiId, KpiState, PlayerRecord } from './types.js';

interface KpiDefinition {
  title: string;
  description: string;
  target: number;
}

/** The Personal KPI catalogue: each is secret, dealt at start, and can be completed in play. */
export const KPIS: Readonly<Record<KpiId, KpiDefinition>> = {
  PULSE_CHAMPION: { title: 'Pulse Champion', description: 'Submit the Pulse Check on 2 different days.', target: 2 },
  NETWORKER: { title: 'Networker', description: 'Post 5 chat messages.', target: 5 },
  SURVIVOR: { title: 'Survivor', description: 'Still be active when Day 3 begins.', target: 1 },
  STATUS_SYMBOL: { title: 'Status Symbol', description: 'Update your status 3 times.', target: 3 },
  DECISION_MAKER: { title: 'Decision Maker', description: 'Cast a verdict vote on 2 different days.', target: 2 },
  TALENT_SCOUT: {
    title: 'Talent Scout',
    description: 'Nominate a player who is deactivated by the verdict that same day.',
    target: 1,
  },
};

export const KPI_IDS = Object.keys(KPIS) as KpiId[];

export function createKpi(id: KpiId): KpiState {
  const def = KPIS[id];
  return { kpi_id: id, title: def.title, description: def.description, target: def.target, progress: 0, completed: false };
}

/**
 * Set a KPI's progress; returns the updated player and whether this call completed it.
 * Progress never goes down and a completed KPI stays completed.
 */
export function progressKpi(player: PlayerRecord, id: KpiId, progress: number): [PlayerRecord, boolean] {
  const kpi = player.kpi;
  if (!kpi || kpi.kpi_id !== id || kpi.completed || progress <= kpi.progress) return [player, false];
  const completed = progress >= kpi.target;
  return [{ ...player, kpi: { ...kpi, progress: Math.min(progress, kpi.target), completed } }, completed];
}
