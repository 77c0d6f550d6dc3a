import type { DayModifiers, GameContext, PlayerRecord, Verdict } from './types.js';

/**
 * Vote weights for a new day: 1 per active player; the budget reallocation moves the
 * source's weight to the destination; each HANDOFF adds 1. A BUDGET_FREEZE voids both.
 */
export function dayVoteWeights(players: readonly PlayerRecord[], modifiers: DayModifiers, frozen: boolean): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const player of players) if (player.active) weights[player.id] = 1;
  if (frozen) return weights;
  const move = modifiers.reallocation;
  if (move && move.source in weights && move.destination in weights) {
    weights[move.source] -= 1;
    weights[move.destination] += 1;
  }
  for (const id of modifiers.bonus) if (id in weights) weights[id] += 1;
  return weights;
}

/** Why a player may not cast a nomination vote now, or null if they may. */
export function nominationBarrier(context: GameContext, playerId: string): string | null {
  const player = context.players.find((p) => p.id === playerId);
  if (!player?.active) return 'deactivated players cannot vote';
  if (context.afflicted.includes(playerId)) return 'you are afflicted today and cannot vote';
  if ((context.voteWeights[playerId] ?? 0) <= 0) return 'your voting budget was reallocated: your vote weighs nothing today';
  return null;
}

/** Why a player may not cast a verdict vote now, or null if they may. */
export function verdictBarrier(context: GameContext, playerId: string): string | null {
  const barrier = nominationBarrier(context, playerId);
  if (barrier) return barrier;
  if (playerId === context.nominee) return 'the nominee does not vote on their own verdict';
  if (context.crisis?.crisis_id === 'ALL_HANDS_MEETING' && !context.pulseChecks.some((p) => p.player_id === playerId)) {
    return "ALL_HANDS_MEETING: only players who submitted today's Pulse Check may vote in the verdict";
  }
  return null;
}

export const eligibleNominators = (context: GameContext) =>
  context.players.filter((p) => nominationBarrier(context, p.id) === null).map((p) => p.id);

export const eligibleJurors = (context: GameContext) =>
  context.players.filter((p) => verdictBarrier(context, p.id) === null).map((p) => p.id);

export interface NominationTally {
  /** Weighted votes per nominated player, highest first (ties in seating order). */
  tally: { player_id: string; votes: number }[];
  /** The unique leader with at least one weighted vote, or null (no votes, or a tie at the top). */
  nominee: string | null;
}

export function tallyNominations(context: GameContext): NominationTally {
  const totals = new Map<string, number>();
  for (const [voter, target] of Object.entries(context.nominations)) {
    totals.set(target, (totals.get(target) ?? 0) + (context.voteWeights[voter] ?? 0));
  }
  const order = context.players.map((p) => p.id);
  const tally = [...totals]
    .map(([player_id, votes]) => ({ player_id, votes }))
    .sort((a, b) => b.votes - a.votes || order.indexOf(a.player_id) - order.indexOf(b.player_id));
  const [first, second] = tally;
  const nominee = first && first.votes > 0 && (!second || second.votes < first.votes) ? first.player_id : null;
  return { tally, nominee };
}

export interface VerdictTally {
  yes: number;
  no: number;
  /** Strictly more weighted YES than NO: the nominee is deactivated. A tie acquits. */
  deactivate: boolean;
}

export function tallyVerdict(verdicts: Record<string, Verdict>, weights: Record<string, number>): VerdictTally {
  let yes = 0;
  let no = 0;
  for (const [voter, verdict] of Object.entries(verdicts)) {
    const weight = weights[voter] ?? 0;
    if (verdict === 'YES') yes += weight;
    else no += weight;
  }
  return { yes, no, deactivate: yes > no };
}
