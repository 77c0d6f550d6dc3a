/**
 * One 60 Hz tick of a match (pure, in place): AI paddle, physics step, rally
 * bookkeeping, player metrics, taunt triggers, difficulty adaptation, winner. The
 * runtime's tick runs it for every playing match (match-ticker.ts); the match machine
 * hears the outcome (points, taunts, the winner, a lost signal).
 */
import { modelTarget, nextDifficulty, skillOf } from './ai-opponent.js';
import { FIELD, predictY, stepInPlace, type Physics, type StepControls, type StepReport } from './physics.js';
import { metricsOf, onRally, stressOf, type MetricState } from './player-metrics.js';
import { nextRandom } from './prng.js';
import { composeTaunt, type TauntTrigger } from './taunts.js';
import type { MatchSettings } from './settings.js';

export interface Taunt {
  text: string;
  durationMs: number;
  trigger: TauntTrigger;
}

/** A paddle direction, as `input_command` names it. */
export type Direction = 'LEFT' | 'RIGHT' | 'NEUTRAL';

/** The part of the match context a tick reads and writes. */
export interface TickState extends Physics, MetricState {
  rng: number;
  tick: number;
  playerDir: number;
  /** Direction decoded server-side from raw signal samples during play (hysteresis state). */
  decodedDir: Direction;
  aiTargetY: number;
  aiNextTick: number;
  difficulty: number;
  stress: number;
  stressHigh: boolean;
  calmTicks: number;
  lastSignalAt: number;
  lastTauntAt: number;
  taunt: Taunt | null;
  winner: 'player' | 'ai' | null;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** The `game_state` event of a game at wall time `now` (positions and speeds to 0.1 px). */
export function gameStateOf(g: TickState, now: number) {
  return {
    type: 'game_state' as const,
    data: {
      timestamp: now,
      ball: { x: r1(g.ballX), y: r1(g.ballY), vx: r1(g.ballVx), vy: r1(g.ballVy) },
      playerPaddle: { y: r1(g.playerY), vy: g.playerVy },
      aiPaddle: { y: r1(g.aiY), vy: r1(g.aiVy) },
      score: { player: g.scorePlayer, ai: g.scoreAi },
      stressLevel: g.stress,
    },
  };
}

/** No signal for longer than the THONK timeout: the match pauses instead of ticking. */
export const signalLost = (g: TickState, now: number, s: MatchSettings) => now - g.lastSignalAt > s.thonkTimeoutMs;

// One scratch pair for every match: a step's controls and report are read at once, never kept.
const controls: StepControls = { playerDir: 0, aiVy: 0, random: 0, serveDelayTicks: 0 };
const report: StepReport = { outcome: 'none', missDistance: 0 };

/** Advance a match by one tick at wall time `now` (epoch ms), in place. */
export function advanceMatch(c: TickState, now: number, s: MatchSettings): void {
  let rng = c.rng;
  const dt = 1 / s.tickHz;

  // AI: re-read the ball every reaction period, then chase the (imperfect) target.
  const skill = skillOf(c.difficulty);
  let aiTargetY = c.aiTargetY;
  let aiNextTick = c.aiNextTick;
  if (c.tick >= aiNextTick) {
    const r = nextRandom(rng);
    rng = r.state;
    aiTargetY =
      c.ballVx > 0
        ? predictY(c.ballX, c.ballY, c.ballVx, c.ballVy, FIELD.aiFaceX - FIELD.ballRadius) + (r.value * 2 - 1) * skill.aimErrorPx
        : FIELD.height / 2;
    aiNextTick = c.tick + Math.max(1, Math.round((skill.reactionMs * s.tickHz) / 1000));
  }
  const gap = aiTargetY - c.aiY;
  const aiVy = Math.abs(gap) < 2 ? 0 : Math.max(-skill.maxSpeed, Math.min(skill.maxSpeed, gap * s.tickHz));

  let serveRandom = 0;
  if (c.serveTicks === 1) {
    const r = nextRandom(rng);
    rng = r.state;
    serveRandom = r.value;
  }
  controls.playerDir = c.playerDir;
  controls.aiVy = aiVy;
  controls.random = serveRandom;
  controls.serveDelayTicks = s.serveDelayTicks;
  stepInPlace(c, controls, dt, report);
  const { outcome, missDistance } = report;
  const physics: Physics = c;

  let metric: MetricState = c;
  let trigger: TauntTrigger | null = null;
  let detail = 0;
  let difficulty = c.difficulty;
  if (outcome === 'player_hit') {
    metric = onRally(metric, 'hit');
    if (physics.rallyHits === s.longRallyHits) {
      trigger = 'long_rally';
      detail = physics.rallyHits;
    }
  } else if (outcome === 'ai_hit' && physics.rallyHits === s.longRallyHits) {
    trigger = 'long_rally';
    detail = physics.rallyHits;
  } else if (outcome === 'ai_scored' || outcome === 'player_scored') {
    metric = onRally(metric, outcome === 'ai_scored' ? 'miss' : 'scored');
    if (outcome === 'ai_scored') {
      trigger = missDistance <= s.nearMissPx ? 'player_miss' : 'ai_score';
      detail = missDistance;
    } else trigger = 'player_score';
    const score = { player: physics.scorePlayer, ai: physics.scoreAi };
    difficulty = nextDifficulty(c.difficulty, modelTarget(metricsOf(metric), score));
  }
  const heat = metric.heat * s.heatDecayPerTick;
  const stress = stressOf(metric, heat);

  // Stress spike: crossing the spike level upward (re-armed once stress falls 0.15 below it).
  let stressHigh = c.stressHigh;
  if (!stressHigh && stress >= s.stressSpike) {
    stressHigh = true;
    trigger ??= 'stress_spike';
  } else if (stressHigh && stress < s.stressSpike - 0.15) stressHigh = false;
  // Calm streak: stress below the calm level for calmStreakTicks ticks in a row.
  let calmTicks = stress < s.calmLevel ? c.calmTicks + 1 : 0;
  if (calmTicks >= s.calmStreakTicks) {
    calmTicks = 0;
    trigger ??= 'calm_streak';
  }

  let taunt: Taunt | null = null;
  let lastTauntAt = c.lastTauntAt;
  if (trigger && now - c.lastTauntAt >= s.tauntEveryMs) {
    const composed = composeTaunt(trigger, { score: { player: physics.scorePlayer, ai: physics.scoreAi }, metrics: metricsOf({ zEma: metric.zEma, switchEma: metric.switchEma, heat, hitEma: metric.hitEma, lastDir: metric.lastDir }), detail }, rng);
    rng = composed.rng;
    taunt = { text: composed.text, durationMs: composed.durationMs, trigger };
    lastTauntAt = now;
  }

  const winner = physics.scorePlayer >= s.targetScore ? 'player' : physics.scoreAi >= s.targetScore ? 'ai' : null;
  // Written in place, every read of `c` above: a live match is stepped 60 times a second and a
  // fresh 35-field object per tick was garbage for nothing (the runtime snapshots a copy when it needs one).
  c.heat = heat;
  c.hitEma = metric.hitEma;
  c.rng = rng;
  c.tick++;
  c.aiTargetY = aiTargetY;
  c.aiNextTick = aiNextTick;
  c.difficulty = difficulty;
  c.stress = stress;
  c.stressHigh = stressHigh;
  c.calmTicks = calmTicks;
  c.lastTauntAt = lastTauntAt;
  c.taunt = taunt;
  c.winner = winner;
}

