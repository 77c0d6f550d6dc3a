/**
 * Pong physics: one pure fixed-step `step()` (ball, paddles, walls, angled paddle
 * hits, serve, scoring, speed-up). No clock, no randomness of its own: the serve angle
 * comes from the caller's seeded PRNG value, so a match is a function of its inputs.
 *
 * Field units are "pixels" of an 800×600 field, velocities are pixels per second,
 * y grows downwards. The player's paddle is on the left, the AI's on the right.
 */
export const FIELD = {
  width: 800,
  height: 600,
  ballRadius: 8,
  paddleHeight: 100,
  paddleWidth: 12,
  /** x of the player's paddle face (the ball bounces off x = playerFaceX + radius). */
  playerFaceX: 32,
  /** x of the AI's paddle face. */
  aiFaceX: 768,
  /** Player paddle speed at full input, px/s. */
  playerPaddleSpeed: 480,
  serveSpeed: 320,
  /** Each paddle hit multiplies the ball speed by this, up to maxBallSpeed. */
  speedUp: 1.06,
  maxBallSpeed: 900,
  /** Largest bounce angle off a paddle edge, radians (60°). */
  maxBounceAngle: Math.PI / 3,
  /** Largest serve angle from the horizontal, radians (30°). */
  maxServeAngle: Math.PI / 6,
} as const;

/** The physics part of a match's (flat) context. */
export interface Physics {
  ballX: number;
  ballY: number;
  ballVx: number;
  ballVy: number;
  /** Paddle centres and velocities. */
  playerY: number;
  playerVy: number;
  aiY: number;
  aiVy: number;
  scorePlayer: number;
  scoreAi: number;
  /** Ticks left before the ball is served (0 = in play). */
  serveTicks: number;
  /** Direction of the next serve: 1 toward the AI, -1 toward the player. */
  serveDir: number;
  /** Paddle hits in the current rally. */
  rallyHits: number;
}

/** What happened during one step. */
export type StepOutcome = 'none' | 'served' | 'player_hit' | 'ai_hit' | 'player_scored' | 'ai_scored';

export interface StepControls {
  /** -1 up (LEFT), 0 stay (NEUTRAL), 1 down (RIGHT). */
  playerDir: number;
  /** AI paddle velocity wanted this step, px/s (the AI model clamps it to its max speed). */
  aiVy: number;
  /** A uniform [0, 1) value from the caller's PRNG, used only when a serve happens. */
  random: number;
  /** Ticks to wait before the next serve after a point. */
  serveDelayTicks: number;
}

export interface StepResult {
  physics: Physics;
  outcome: StepOutcome;
  /** On `ai_scored`: distance from the ball to the nearest point of the player's paddle, px. */
  missDistance: number;
}

const half = FIELD.paddleHeight / 2;
const clampPaddle = (y: number) => Math.min(FIELD.height - half, Math.max(half, y));

/** A fresh rally-ready field: ball centred, paddles centred, serve pending. */
export function initialPhysics(serveDir: number, serveDelayTicks: number): Physics {
  return {
    ballX: FIELD.width / 2,
    ballY: FIELD.height / 2,
    ballVx: 0,
    ballVy: 0,
    playerY: FIELD.height / 2,
    playerVy: 0,
    aiY: FIELD.height / 2,
    aiVy: 0,
    scorePlayer: 0,
    scoreAi: 0,
    serveTicks: serveDelayTicks,
    serveDir,
    rallyHits: 0,
  };
}

/** What one step did (`stepInPlace` writes it; a caller keeps one and reads it at once). */
export interface StepReport {
  outcome: StepOutcome;
  /** On `ai_scored`: distance from the ball to the nearest point of the player's paddle, px. */
  missDistance: number;
}

/**
 * Advance the field by `dt` seconds. Paddles move first, then the ball; a ball
 * crossing a paddle face within the paddle's span bounces with an angle set by where
 * it hit (centre = straight, edge = maxBounceAngle) and speeds up; a ball past a
 * goal line scores and the next serve goes toward whoever conceded. Pure: `p` is left as it was.
 */
export function step(p: Physics, c: StepControls, dt: number): StepResult {
  const physics = physicsOf(p.ballX, p.ballY, p.ballVx, p.ballVy, p.playerY, p.playerVy, p.aiY, p.aiVy, p.scorePlayer, p.scoreAi, p.serveTicks, p.serveDir, p.rallyHits);
  const report: StepReport = { outcome: 'none', missDistance: 0 };
  stepInPlace(physics, c, dt, report);
  return { physics, outcome: report.outcome, missDistance: report.missDistance };
}

/**
 * `step`, writing the new field into `p` and what happened into `report`: the 60 Hz loop
 * steps every live match this way and allocates nothing for it.
 */
export function stepInPlace(p: Physics, c: StepControls, dt: number, report: StepReport): void {
  const playerVy = c.playerDir * FIELD.playerPaddleSpeed;
  const playerY = clampPaddle(p.playerY + playerVy * dt);
  const aiY = clampPaddle(p.aiY + c.aiVy * dt);
  const pVy = playerY === p.playerY ? 0 : playerVy;
  const aVy = aiY === p.aiY ? 0 : c.aiVy;
  report.missDistance = 0;

  if (p.serveTicks > 0) {
    if (p.serveTicks > 1) {
      report.outcome = 'none';
      return write(p, p.ballX, p.ballY, p.ballVx, p.ballVy, playerY, pVy, aiY, aVy, p.scorePlayer, p.scoreAi, p.serveTicks - 1, p.serveDir, p.rallyHits);
    }
    const angle = (c.random * 2 - 1) * FIELD.maxServeAngle;
    const vx = p.serveDir * FIELD.serveSpeed * Math.cos(angle);
    const vy = FIELD.serveSpeed * Math.sin(angle);
    report.outcome = 'served';
    return write(p, FIELD.width / 2, FIELD.height / 2, vx, vy, playerY, pVy, aiY, aVy, p.scorePlayer, p.scoreAi, 0, p.serveDir, 0);
  }

  const r = FIELD.ballRadius;
  let x = p.ballX + p.ballVx * dt;
  let y = p.ballY + p.ballVy * dt;
  let vx = p.ballVx;
  let vy = p.ballVy;

  // Walls: reflect about the wall line.
  if (y < r) {
    y = 2 * r - y;
    vy = Math.abs(vy);
  } else if (y > FIELD.height - r) {
    y = 2 * (FIELD.height - r) - y;
    vy = -Math.abs(vy);
  }

  let outcome: StepOutcome = 'none';
  const playerLine = FIELD.playerFaceX + r;
  const aiLine = FIELD.aiFaceX - r;
  if (vx < 0 && p.ballX >= playerLine && x < playerLine) {
    const yAt = crossingY(p.ballY, y, p.ballX, x, playerLine);
    if (Math.abs(yAt - playerY) <= half + r) {
      ({ vx, vy } = bounce(vx, vy, (yAt - playerY) / (half + r), 1));
      x = 2 * playerLine - x;
      y = yAt;
      outcome = 'player_hit';
    }
  } else if (vx > 0 && p.ballX <= aiLine && x > aiLine) {
    const yAt = crossingY(p.ballY, y, p.ballX, x, aiLine);
    if (Math.abs(yAt - aiY) <= half + r) {
      ({ vx, vy } = bounce(vx, vy, (yAt - aiY) / (half + r), -1));
      x = 2 * aiLine - x;
      y = yAt;
      outcome = 'ai_hit';
    }
  }

  if (x < -r || x > FIELD.width + r) {
    // A point: the next serve goes toward whoever conceded.
    const aiScored = x < -r;
    report.outcome = aiScored ? 'ai_scored' : 'player_scored';
    report.missDistance = aiScored ? Math.max(0, Math.abs(y - playerY) - half) : 0;
    return write(
      p, FIELD.width / 2, FIELD.height / 2, 0, 0, playerY, pVy, aiY, aVy,
      p.scorePlayer + (aiScored ? 0 : 1), p.scoreAi + (aiScored ? 1 : 0),
      Math.max(1, c.serveDelayTicks), aiScored ? -1 : 1, 0,
    );
  }
  report.outcome = outcome;
  const rallyHits = outcome === 'player_hit' || outcome === 'ai_hit' ? p.rallyHits + 1 : p.rallyHits;
  write(p, x, y, vx, vy, playerY, pVy, aiY, aVy, p.scorePlayer, p.scoreAi, 0, p.serveDir, rallyHits);
}

/** Build a Physics value with one fixed shape (the tick path stays monomorphic). */
function physicsOf(
  ballX: number, ballY: number, ballVx: number, ballVy: number,
  playerY: number, playerVy: number, aiY: number, aiVy: number,
  scorePlayer: number, scoreAi: number, serveTicks: number, serveDir: number, rallyHits: number,
): Physics {
  return { ballX, ballY, ballVx, ballVy, playerY, playerVy, aiY, aiVy, scorePlayer, scoreAi, serveTicks, serveDir, rallyHits };
}

function write(
  p: Physics, ballX: number, ballY: number, ballVx: number, ballVy: number,
  playerY: number, playerVy: number, aiY: number, aiVy: number,
  scorePlayer: number, scoreAi: number, serveTicks: number, serveDir: number, rallyHits: number,
): void {
  p.ballX = ballX;
  p.ballY = ballY;
  p.ballVx = ballVx;
  p.ballVy = ballVy;
  p.playerY = playerY;
  p.playerVy = playerVy;
  p.aiY = aiY;
  p.aiVy = aiVy;
  p.scorePlayer = scorePlayer;
  p.scoreAi = scoreAi;
  p.serveTicks = serveTicks;
  p.serveDir = serveDir;
  p.rallyHits = rallyHits;
}

function crossingY(y0: number, y1: number, x0: number, x1: number, line: number): number {
  const f = (line - x0) / (x1 - x0);
  return y0 + (y1 - y0) * f;
}

/** New velocity after a paddle hit at `offset` ∈ [-1, 1] from the paddle centre, going `dir` (1 right, -1 left). */
function bounce(vx: number, vy: number, offset: number, dir: number) {
  const speed = Math.min(FIELD.maxBallSpeed, Math.hypot(vx, vy) * FIELD.speedUp);
  const angle = Math.max(-1, Math.min(1, offset)) * FIELD.maxBounceAngle;
  return { vx: dir * speed * Math.cos(angle), vy: speed * Math.sin(angle) };
}

/**
 * Where the ball will cross the vertical line `lineX`, following wall bounces
 * (used by the AI). Returns the field centre when the ball moves away from it.
 */
export function predictY(ballX: number, ballY: number, vx: number, vy: number, lineX: number): number {
  if (vx === 0 || (lineX - ballX) / vx < 0) return FIELD.height / 2;
  const r = FIELD.ballRadius;
  const span = FIELD.height - 2 * r;
  const raw = ballY - r + (vy * (lineX - ballX)) / vx;
  // Unfold the reflections: the path in a mirrored strip of period 2·span.
  const m = ((raw % (2 * span)) + 2 * span) % (2 * span);
  return r + (m <= span ? m : 2 * span - m);
}
