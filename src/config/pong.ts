/** Pong (seed 004) settings: every limit and timer, overridable by the environment variable of the same name. */
import { defineConfigSection } from './config-section.js';
import type { Env } from './env.js';
import { openaiSettings } from './openai.js';
import { boolSetting, intSetting, numSetting, strSetting } from './setting.js';

export const pongConfig = defineConfigSection({
  key: 'pong',
  title: 'Pong match (seed 004)',
  settings: {
    tickHz: intSetting('PONG_TICK_HZ', 60, 'simulation and `game_state` rate, Hz'),
    targetScore: intSetting('PONG_TARGET_SCORE', 7, 'points to win'),
    serveDelayMs: intSetting('PONG_SERVE_DELAY_MS', 1000, 'pause before each serve'),
    thonkTimeoutMs: intSetting('PONG_THONK_TIMEOUT_MS', 2000, 'no signals while playing for this long → `THONK_TIMEOUT`, game paused'),
    clockSkewMs: intSetting('PONG_CLOCK_SKEW_MS', 5000, 'accepted client timestamp skew'),
    baselineMs: intSetting('PONG_CAL_BASELINE_MS', 3000, 'calibration: baseline step'),
    trialMs: intSetting('PONG_CAL_TRIAL_MS', 2000, 'calibration: each trial step'),
    trialsPerSide: intSetting('PONG_CAL_TRIALS', 2, 'calibration: trials per side'),
    minQuality: numSetting('PONG_CAL_MIN_QUALITY', 1.0, 'calibration: separation quality needed to pass', '`1.0`'),
    maxAttempts: intSetting('PONG_CAL_MAX_ATTEMPTS', 3, 'calibration: attempts before `CALIBRATION_FAILED`'),
    minSamples: intSetting('PONG_CAL_MIN_SAMPLES', 10, 'calibration: fewest samples per step class'),
    startCalibrationEveryMs: intSetting('PONG_START_CALIBRATION_EVERY_MS', 10_000, "the seed's rate limit on `start_calibration`"),
    startGameEveryMs: intSetting('PONG_START_GAME_EVERY_MS', 2000, "the seed's rate limit on `start_game`"),
    inputPerSec: intSetting('PONG_INPUT_PER_SEC', 60, "the seed's rate limit on `input_command` (token bucket rate)"),
    inputBurst: intSetting('PONG_INPUT_BURST', 30, '`input_command` token bucket burst'),
    socketPerSec: intSetting('PONG_SOCKET_PER_SEC', 1000, 'whole-socket guard on `/pong/ws` (calibration samples are "unlimited", within reason)'),
    socketBurst: intSetting('PONG_SOCKET_BURST', 1000, 'its burst'),
    tauntEveryMs: intSetting('PONG_TAUNT_EVERY_MS', 3000, 'taunt spacing (per match, per `/opponent/ws` socket)'),
    longRallyHits: intSetting('PONG_LONG_RALLY_HITS', 8, '`long_rally` taunt trigger'),
    nearMissPx: intSetting('PONG_NEAR_MISS_PX', 40, '`player_miss` vs `ai_score` taunt'),
    stressSpike: numSetting('PONG_STRESS_SPIKE', 0.7, 'stress level that triggers a taunt'),
    calmLevel: numSetting('PONG_CALM_LEVEL', 0.3, 'stress level counted as calm'),
    calmStreakMs: intSetting('PONG_CALM_STREAK_MS', 10_000, 'calm for this long triggers a taunt'),
    startDifficulty: numSetting('PONG_START_DIFFICULTY', 0.5, 'initial AI difficulty in [0, 1]'),
    opponentPerSec: intSetting('OPPONENT_EVENTS_PER_SEC', 20, '`/opponent/ws` events per second per socket (burst ×2)'),
    opponentProvider: strSetting('OPPONENT_PROVIDER', 'local', 'taunt provider for `/opponent/ws`: `local` (offline) or `openai` (`OPENAI_*`)'),
    opponentTimeoutMs: intSetting('OPPONENT_TIMEOUT_MS', 1500, 'taunt provider timeout'),
    ...openaiSettings,
    loopStats: boolSetting('PONG_LOOP_STATS', true, 'expose `GET /api/pong/loop` (loop statistics for the bench and operators)'),
  },
  derive: (v) => v,
});

export const loadPongConfig = (env: Env) => pongConfig.load(env);

export type PongConfig = ReturnType<typeof loadPongConfig>;
