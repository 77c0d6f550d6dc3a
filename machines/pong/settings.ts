/** Everything a match machine needs to know from configuration (plain numbers). */
export interface MatchSettings {
  tickHz: number;
  targetScore: number;
  serveDelayTicks: number;
  thonkTimeoutMs: number;
  clockSkewMs: number;
  baselineMs: number;
  trialMs: number;
  trialsPerSide: number;
  minQuality: number;
  maxAttempts: number;
  minSamples: number;
  startCalibrationEveryMs: number;
  startGameEveryMs: number;
  tauntEveryMs: number;
  longRallyHits: number;
  nearMissPx: number;
  stressSpike: number;
  calmLevel: number;
  calmStreakTicks: number;
  heatDecayPerTick: number;
  startDifficulty: number;
}

/** Defaults, also used by unit tests; the server builds its settings from src/config/pong.ts. */
export const defaultMatchSettings: MatchSettings = {
  tickHz: 60,
  targetScore: 7,
  serveDelayTicks: 60,
  thonkTimeoutMs: 2000,
  clockSkewMs: 5000,
  baselineMs: 3000,
  trialMs: 2000,
  trialsPerSide: 2,
  minQuality: 1.0,
  maxAttempts: 3,
  minSamples: 10,
  startCalibrationEveryMs: 10_000,
  startGameEveryMs: 2000,
  tauntEveryMs: 3000,
  longRallyHits: 8,
  nearMissPx: 40,
  stressSpike: 0.7,
  calmLevel: 0.3,
  calmStreakTicks: 600,
  heatDecayPerTick: Math.exp(-1 / 60 / 20),
  startDifficulty: 0.5,
};
