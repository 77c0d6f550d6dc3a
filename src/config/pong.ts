/** Pong (seed 004) settings: every limit and timer, overridable by the environment variable of the same name. */
import { bool, int, num, str, type Env } from './env.js';

export function loadPongConfig(env: Env) {
  return {
    /** Simulation and game_state rate, Hz. */
    tickHz: int(env, 'PONG_TICK_HZ', 60),
    /** First to this many points wins. */
    targetScore: int(env, 'PONG_TARGET_SCORE', 7),
    /** Pause before each serve. */
    serveDelayMs: int(env, 'PONG_SERVE_DELAY_MS', 1000),
    /** No signal (input_command or sample) for longer than this while playing → THONK_TIMEOUT, game paused. */
    thonkTimeoutMs: int(env, 'PONG_THONK_TIMEOUT_MS', 2000),
    /** Client timestamps further than this from server time are rejected. */
    clockSkewMs: int(env, 'PONG_CLOCK_SKEW_MS', 5000),
    /** Calibration step durations and trials per side. */
    baselineMs: int(env, 'PONG_CAL_BASELINE_MS', 3000),
    trialMs: int(env, 'PONG_CAL_TRIAL_MS', 2000),
    trialsPerSide: int(env, 'PONG_CAL_TRIALS', 2),
    /** Separation score needed to pass, attempts before CALIBRATION_FAILED, fewest samples per step class. */
    minQuality: num(env, 'PONG_CAL_MIN_QUALITY', 1.0),
    maxAttempts: int(env, 'PONG_CAL_MAX_ATTEMPTS', 3),
    minSamples: int(env, 'PONG_CAL_MIN_SAMPLES', 10),
    /** Per-event rate limits of the seed's table. */
    startCalibrationEveryMs: int(env, 'PONG_START_CALIBRATION_EVERY_MS', 10_000),
    startGameEveryMs: int(env, 'PONG_START_GAME_EVERY_MS', 2000),
    inputPerSec: int(env, 'PONG_INPUT_PER_SEC', 60),
    inputBurst: int(env, 'PONG_INPUT_BURST', 30),
    /** Whole-socket guard on /pong/ws (calibration samples are "unlimited", within reason). */
    socketPerSec: int(env, 'PONG_SOCKET_PER_SEC', 1000),
    socketBurst: int(env, 'PONG_SOCKET_BURST', 1000),
    /** Taunts: at most one per this interval, per match and per /opponent/ws socket. */
    tauntEveryMs: int(env, 'PONG_TAUNT_EVERY_MS', 3000),
    longRallyHits: int(env, 'PONG_LONG_RALLY_HITS', 8),
    nearMissPx: int(env, 'PONG_NEAR_MISS_PX', 40),
    stressSpike: num(env, 'PONG_STRESS_SPIKE', 0.7),
    calmLevel: num(env, 'PONG_CALM_LEVEL', 0.3),
    calmStreakMs: int(env, 'PONG_CALM_STREAK_MS', 10_000),
    startDifficulty: num(env, 'PONG_START_DIFFICULTY', 0.5),
    /** /opponent/ws: events per second per socket, and the taunt provider. */
    opponentPerSec: int(env, 'OPPONENT_EVENTS_PER_SEC', 20),
    opponentProvider: str(env, 'OPPONENT_PROVIDER', 'local'),
    opponentTimeoutMs: int(env, 'OPPONENT_TIMEOUT_MS', 1500),
    openaiBaseUrl: str(env, 'OPENAI_BASE_URL', 'https://api.openai.com/v1'),
    openaiApiKey: str(env, 'OPENAI_API_KEY', ''),
    openaiModel: str(env, 'OPENAI_MODEL', 'gpt-4o-mini'),
    /** Expose GET /api/pong/loop (loop statistics for the bench and operators). */
    loopStats: bool(env, 'PONG_LOOP_STATS', true),
  };
}

export type PongConfig = ReturnType<typeof loadPongConfig>;
