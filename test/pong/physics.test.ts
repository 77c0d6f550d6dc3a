import t from 'tap';
import { FIELD, initialPhysics, predictY, step, type Physics } from '../../machines/pong/physics.js';

const dt = 1 / 60;
const still = { playerDir: 0, aiVy: 0, random: 0.5, serveDelayTicks: 30 };
const inPlay = (over: Partial<Physics>): Physics => ({ ...initialPhysics(1, 0), serveTicks: 0, ...over });

t.test('physics: the serve waits its delay, then launches from the centre toward the server direction', async (t) => {
  let p = initialPhysics(-1, 3);
  p = step(p, still, dt).physics;
  p = step(p, still, dt).physics;
  t.equal(p.serveTicks, 1);
  t.equal(p.ballVx, 0, 'still waiting');
  const served = step(p, { ...still, random: 0.5 }, dt);
  t.equal(served.outcome, 'served');
  t.equal(served.physics.ballVx, -FIELD.serveSpeed, 'random 0.5 serves straight');
  t.equal(served.physics.ballVy, 0);
  const angled = step(p, { ...still, random: 1 }, dt).physics;
  t.ok(Math.abs(Math.atan2(angled.ballVy, Math.abs(angled.ballVx)) - FIELD.maxServeAngle) < 1e-9, 'random 1 serves at the max angle');
});

t.test('physics: the ball bounces off the top and bottom walls', async (t) => {
  const top = step(inPlay({ ballX: 400, ballY: 10, ballVx: 0, ballVy: -300 }), still, dt).physics;
  t.ok(top.ballVy > 0, 'reflected downward');
  t.ok(top.ballY >= FIELD.ballRadius);
  const bottom = step(inPlay({ ballX: 400, ballY: 590, ballVx: 0, ballVy: 300 }), still, dt).physics;
  t.ok(bottom.ballVy < 0);
  t.ok(bottom.ballY <= FIELD.height - FIELD.ballRadius);
});

t.test('physics: a centre hit returns straight and speeds up; an edge hit leaves at an angle', async (t) => {
  const x = FIELD.playerFaceX + FIELD.ballRadius + 2;
  const centre = step(inPlay({ ballX: x, ballY: 300, ballVx: -400, ballVy: 0, playerY: 300 }), still, dt);
  t.equal(centre.outcome, 'player_hit');
  t.ok(centre.physics.ballVx > 0);
  t.ok(Math.abs(centre.physics.ballVy) < 1e-9);
  t.ok(Math.abs(centre.physics.ballVx - 400 * FIELD.speedUp) < 1e-9, 'sped up by speedUp');
  t.equal(centre.physics.rallyHits, 1);
  const edge = step(inPlay({ ballX: x, ballY: 345, ballVx: -400, ballVy: 0, playerY: 300 }), still, dt);
  t.equal(edge.outcome, 'player_hit');
  t.ok(edge.physics.ballVy > 0, 'lower half sends it down');
  const angle = Math.atan2(edge.physics.ballVy, edge.physics.ballVx);
  t.ok(angle > 0.5 && angle <= FIELD.maxBounceAngle + 1e-9, `angle ${angle}`);
  const ai = step(inPlay({ ballX: FIELD.aiFaceX - FIELD.ballRadius - 2, ballY: 250, ballVx: 400, ballVy: 0, aiY: 300 }), still, dt);
  t.equal(ai.outcome, 'ai_hit');
  t.ok(ai.physics.ballVx < 0 && ai.physics.ballVy < 0, 'upper half of the AI paddle sends it up and back');
});

t.test('physics: the ball speed is capped', async (t) => {
  const x = FIELD.playerFaceX + FIELD.ballRadius + 2;
  const fast = step(inPlay({ ballX: x + 10, ballY: 300, ballVx: -FIELD.maxBallSpeed, ballVy: 0, playerY: 300 }), still, dt);
  t.equal(fast.outcome, 'player_hit');
  t.ok(Math.hypot(fast.physics.ballVx, fast.physics.ballVy) <= FIELD.maxBallSpeed + 1e-9);
});

t.test('physics: a ball past the player scores for the AI and the next serve goes to the player', async (t) => {
  let p = inPlay({ ballX: 100, ballY: 100, ballVx: -600, ballVy: 0, playerY: 500 });
  let outcome = 'none';
  let missDistance = -1;
  for (let i = 0; i < 60 && outcome === 'none'; i++) ({ physics: p, outcome, missDistance } = step(p, still, dt));
  t.equal(outcome, 'ai_scored');
  t.equal(p.scoreAi, 1);
  t.equal(p.scorePlayer, 0);
  t.equal(p.serveDir, -1, 'serve toward whoever conceded');
  t.equal(p.serveTicks, 30);
  t.equal(p.ballX, FIELD.width / 2);
  t.ok(Math.abs(missDistance - (400 - 50)) < 1, `miss distance ${missDistance}`);
});

t.test('physics: a ball past the AI scores for the player', async (t) => {
  let p = inPlay({ ballX: 700, ballY: 100, ballVx: 600, ballVy: 0, aiY: 500 });
  let outcome = 'none';
  for (let i = 0; i < 60 && outcome === 'none'; i++) ({ physics: p, outcome } = step(p, still, dt));
  t.equal(outcome, 'player_scored');
  t.equal(p.scorePlayer, 1);
  t.equal(p.serveDir, 1);
});

t.test('physics: paddles move at their speed and stop at the walls', async (t) => {
  const up = step(inPlay({ playerY: 300 }), { ...still, playerDir: -1 }, dt).physics;
  t.equal(up.playerY, 300 - FIELD.playerPaddleSpeed * dt);
  t.equal(up.playerVy, -FIELD.playerPaddleSpeed);
  const stuck = step(inPlay({ playerY: FIELD.paddleHeight / 2 }), { ...still, playerDir: -1 }, dt).physics;
  t.equal(stuck.playerY, FIELD.paddleHeight / 2);
  t.equal(stuck.playerVy, 0, 'a paddle against the wall does not move');
  const ai = step(inPlay({ aiY: 580 }), { ...still, aiVy: 600 }, dt).physics;
  t.equal(ai.aiY, FIELD.height - FIELD.paddleHeight / 2);
});

t.test('physics: predictY follows wall bounces', async (t) => {
  t.equal(predictY(400, 300, 100, 0, 760), 300);
  // From y=300 rising at 45° over 460 px: 300−460 → reflected at the top wall (8): 8 + (460−292) = 176.
  t.ok(Math.abs(predictY(300, 300, 100, -100, 760) - 176) < 1e-9);
  t.equal(predictY(400, 300, -100, 0, 760), FIELD.height / 2, 'moving away: centre');
});
