/**
 * The local, offline taunt generator (pure). A taunt is composed from a trigger
 * line, a clause about the score and a clause about the player's metrics, each chosen
 * with the caller's seeded PRNG — so it fits the moment and repeats only by chance.
 */
import type { PlayerMetrics } from './player-metrics.js';
import { nextRandom } from './prng.js';

export const TAUNT_TRIGGERS = ['player_miss', 'player_score', 'ai_score', 'long_rally', 'stress_spike', 'calm_streak'] as const;
export type TauntTrigger = (typeof TAUNT_TRIGGERS)[number];

export interface TauntContext {
  score: { player: number; ai: number };
  metrics: PlayerMetrics;
  /** Rally length for long_rally; miss distance (px) for player_miss. */
  detail?: number;
}

const OPENERS: Record<TauntTrigger, readonly string[]> = {
  player_miss: ['So close. Not close enough.', 'Missed by {detail} pixels.', 'The ball says hi as it goes by.', 'Almost had it. Almost.'],
  player_score: ['Lucky bounce.', 'Fine, take that one.', 'Enjoy it while it lasts.', 'A point? Mark the date.'],
  ai_score: ['Too easy.', 'Another one for me.', 'Did you even see it?', 'Right past you.'],
  long_rally: ['{detail} hits and still standing?', 'This rally is getting long: {detail} hits.', 'Still going after {detail} returns?'],
  stress_spike: ["You're sweating already.", 'Feel that pressure building?', 'Heart rate going up, is it?', 'Breathe. If you can.'],
  calm_streak: ['Ice in your veins, huh?', 'Calm. Suspiciously calm.', 'Zen mode will not save you.', 'Relaxed? Let me fix that.'],
};

function scoreClause({ player, ai }: { player: number; ai: number }): readonly string[] {
  if (player === 0 && ai === 0) return ['', 'Nothing on the board yet.'];
  if (ai - player >= 3) return [`${ai}-${player}. Want me to slow down?`, `${ai} to ${player}, and counting.`];
  if (player - ai >= 3) return [`${player}-${ai}? Not for long.`, `Up ${player}-${ai} — I'm just warming up.`];
  if (player === ai) return [`All square at ${player}.`, `${player}-${ai}. Anyone's game — mine.`];
  return player > ai ? [`${player}-${ai}, for now.`, ''] : [`${ai}-${player} to me.`, ''];
}

function moodClause(m: PlayerMetrics): readonly string[] {
  if (m.frustration > 0.65) return ['Getting frustrated?', 'Try not to throw the headset.'];
  if (m.stress > 0.65) return ['Your stress is showing.', 'Nervous much?'];
  if (m.focus > 0.75) return ['Focused, I see. Cute.', ''];
  if (m.alertness < 0.25) return ['Wake up!', 'Still with me?'];
  return ['', ''];
}

/** Compose one taunt; returns the text, how long to show it and the PRNG's next state. */
export function composeTaunt(
  trigger: TauntTrigger,
  ctx: TauntContext,
  rng: number,
): { text: string; durationMs: number; rng: number } {
  let state = rng;
  const pick = <T>(list: readonly T[]): T => {
    const r = nextRandom(state);
    state = r.state;
    return list[Math.floor(r.value * list.length)];
  };
  const detail = String(Math.max(0, Math.round(ctx.detail ?? 0)));
  const parts = [pick(OPENERS[trigger]).replace('{detail}', detail), pick(scoreClause(ctx.score)), pick(moodClause(ctx.metrics))];
  const text = parts.filter((p) => p.length > 0).join(' ');
  const words = text.split(/\s+/).length;
  // Long enough to read: 1.5 s plus 250 ms a word, at most 5 s.
  return { text, durationMs: Math.min(5000, 1500 + 250 * words), rng: state };
}
