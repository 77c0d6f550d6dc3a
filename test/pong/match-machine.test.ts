import t from 'tap';
import { ID, calibrate, chase, dodge, harness, play } from './match-harness.js';
import { validateServerFrame } from './seed-schemas.js';

t.test('pong match: connect answers the sender with join + session_created (calibration required)', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  t.same(h.out.map((o) => [o.to, o.event.type]), [['sender', '$join'], ['sender', 'session_created']]);
  t.same(h.ofType('session_created')[0].data, { sessionId: ID, calibrationRequired: true });
});

t.test('pong match: calibration runs the seed plan on the step timers and succeeds on separable signals', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  const complete = calibrate(h, 1);
  t.same(h.ofType('calibration_step').map((e) => `${e.data.step}${e.data.trial}:${e.data.durationMs}`), ['baseline1:3000', 'left1:2000', 'left2:2000', 'right1:2000', 'right2:2000']);
  t.equal(complete.data.status, 'success');
  t.ok(h.actor.getSnapshot().matches('ready'));
  t.equal(h.actor.getSnapshot().context.calibration!.quality, complete.data.quality);
  // Reconnecting resumes with the calibration.
  h.send({ type: 'connect', sessionId: ID }, 'c2');
  t.match(h.ofType('session_created').at(-1).data, { calibrationRequired: false, calibrationParams: complete.data.params });
  t.match(h.out.filter((o) => typeof o.to === 'object' && 'conn' in o.to).map((o) => o.event), [{ type: 'error', data: { code: 'INVALID_SESSION' } }, { type: '$close' }], 'the replaced socket is told and closed');
  for (const o of h.wire()) t.equal(validateServerFrame(o.event), null);
});

t.test('pong match: three poor calibrations end in CALIBRATION_FAILED; a fourth attempt starts a new series', async (t) => {
  const h = await harness({ startCalibrationEveryMs: 0 });
  h.send({ type: 'connect', sessionId: ID });
  t.equal(calibrate(h, 0).data.status, 'retry_suggested');
  t.equal(calibrate(h, 0).data.status, 'retry_suggested');
  const third = calibrate(h, 0);
  t.equal(third.data.status, 'failed');
  t.match(h.ofType('error').at(-1).data, { code: 'CALIBRATION_FAILED', recoverable: true });
  t.ok(h.actor.getSnapshot().matches('idle'));
  t.match(calibrate(h, 0).data.message, /attempt 1 of 3/);
});

t.test('pong match: start_calibration is limited to one per 10 s and start_game to one per 2 s', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  calibrate(h, 1); // ~11 s of simulated time: the next start_calibration is allowed again
  h.send({ type: 'start_calibration' });
  h.send({ type: 'start_calibration' });
  t.match(h.ofType('error').at(-1).data, { code: 'RATE_LIMIT_EXCEEDED' });
  h.advance(11_000);
  const again = await harness();
  again.send({ type: 'connect', sessionId: ID });
  calibrate(again, 1);
  again.advance(2000);
  again.send({ type: 'start_game' });
  again.send({ type: 'pause_game' });
  again.send({ type: 'start_game' });
  t.match(again.ofType('error').at(-1).data, { code: 'RATE_LIMIT_EXCEEDED', message: /start_game/ });
  t.ok(again.actor.getSnapshot().matches('paused'));
  again.advance(2000);
  again.send({ type: 'start_game' });
  t.ok(again.actor.getSnapshot().matches('playing'), 'resumed after the limit');
});

t.test('pong match: a whole match runs in simulated time to game_over at the target score', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  calibrate(h, 1);
  h.advance(2000);
  h.send({ type: 'start_game' });
  h.advance(17);
  t.match(h.ofType('game_state').at(-1), { data: { score: { player: 0, ai: 0 } } }, 'the tick steps the new game');
  const ticks = play(h, chase, () => h.actor.getSnapshot().matches('over'));
  const over = h.ofType('game_over')[0];
  t.ok(over, `game over after ${ticks} ticks (${(ticks / 60).toFixed(0)} s of play)`);
  t.ok(over.data.finalScore.player === 7 || over.data.finalScore.ai === 7);
  t.equal(over.data.winner, over.data.finalScore.player === 7 ? 'player' : 'ai');
  t.equal(h.ofType('game_state').length, ticks + 1, 'one game_state per tick, up to the winning point');
  t.same(h.ofType('game_state').at(-1).data.score, over.data.finalScore, 'the last state shows the final score');
  h.advance(1000);
  t.equal(h.ofType('game_state').length, ticks + 1, 'and none once it is over');
  const taunts = h.ofType('taunt_message');
  t.ok(taunts.length > 0, `${taunts.length} taunts`);
  const at = h.out.filter((o) => o.event.type === 'taunt_message').map((o) => h.out.indexOf(o));
  const stamps = at.map((i) => h.out.slice(0, i).filter((o) => o.event.type === 'game_state').at(-1)!.event.data as any).map((d) => d.timestamp);
  for (let i = 1; i < stamps.length; i++) t.ok(stamps[i] - stamps[i - 1] >= 3000, 'taunts at most one per 3 s');
  const invalid = h.wire().map((o) => validateServerFrame(o.event)).filter(Boolean);
  t.same(invalid, [], 'every event passes the seed schemas');
  t.ok(h.wire().every((o) => o.to === 'sender' || (typeof o.to === 'object' && 'member' in o.to && o.to.member === ID) || 'conn' in (o.to as object)), 'everything goes to the player only');
});

t.test('pong match: the same seed, inputs and clock give the same events', async (t) => {
  const run = async () => {
    const h = await harness();
    h.send({ type: 'connect', sessionId: ID });
    calibrate(h, 1);
    h.advance(2000);
    h.send({ type: 'start_game' });
    play(h, chase, () => false, 60 * 40);
    return JSON.stringify(h.out);
  };
  t.equal(await run(), await run());
});

t.test('pong match: a dodging player loses 0-7 and the AI difficulty adapts downward', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  calibrate(h, 1);
  h.advance(2000);
  h.send({ type: 'start_game' });
  play(h, dodge, () => h.actor.getSnapshot().matches('over'));
  t.same(h.ofType('game_over')[0].data, { winner: 'ai', finalScore: { player: 0, ai: 7 } });
  t.ok(h.actor.getSnapshot().context.game.difficulty < 0.5, `difficulty ${h.actor.getSnapshot().context.game.difficulty}`);
  const triggers = new Set(h.ofType('taunt_message').map((e) => e.data.trigger));
  t.ok(triggers.has('ai_score') || triggers.has('player_miss'), [...triggers].join(','));
});

t.test('pong match: THONK_TIMEOUT pauses a game with no signals for more than 2 s; start_game resumes', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  calibrate(h, 1);
  h.advance(2000);
  h.send({ type: 'start_game' });
  h.advance(3000);
  t.match(h.ofType('error').at(-1).data, { code: 'THONK_TIMEOUT', recoverable: true });
  t.ok(h.actor.getSnapshot().matches('paused'));
  const stopped = h.ofType('game_state').length;
  h.advance(500);
  t.equal(h.ofType('game_state').length, stopped, 'the tick stopped stepping it');
  const states = h.ofType('game_state').length;
  t.ok(states >= 119 && states <= 121, `about 2 s of states (${states}) before the watchdog fired`);
  const lastState = h.ofType('game_state').at(-1).data;
  t.equal(h.actor.getSnapshot().context.game.ballX.toFixed(1), lastState.ball.x.toFixed(1), 'the actor holds the game as it stopped');
  h.send({ type: 'input_command', direction: 'LEFT', timestamp: h.clock.now() });
  t.match(h.ofType('error').at(-1).data, { code: 'GAME_NOT_STARTED' });
  h.send({ type: 'start_game' });
  t.ok(h.actor.getSnapshot().matches('playing'));
});

t.test('pong match: out-of-phase messages get the seed codes and change nothing', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  h.send({ type: 'input_command', direction: 'LEFT', timestamp: h.clock.now() });
  t.match(h.ofType('error').at(-1).data, { code: 'GAME_NOT_STARTED', recoverable: true });
  h.send({ type: 'pause_game' });
  t.match(h.ofType('error').at(-1).data, { code: 'GAME_NOT_STARTED' });
  h.send({ type: 'start_game' });
  t.match(h.ofType('error').at(-1).data, { code: 'INVALID_STATE', message: /calibrate first/ });
  h.send({ type: 'calibration_sample', signals: { up: 0, down: 0, left: 0, right: 0 }, timestamp: h.clock.now() });
  t.match(h.ofType('error').at(-1).data, { code: 'INVALID_STATE' });
  t.ok(h.actor.getSnapshot().matches('idle'));
});

t.test('pong match: timestamps more than 5 s from server time are rejected', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  h.send({ type: 'start_calibration' });
  h.send({ type: 'calibration_sample', signals: { up: 0, down: 0, left: 1, right: 0 }, timestamp: h.clock.now() - 5001 });
  t.match(h.ofType('error').at(-1).data, { code: 'VALIDATION_ERROR', message: /timestamp/ });
  t.equal(h.actor.getSnapshot().context.calBaseline.n, 0, 'the sample was not counted');
  h.send({ type: 'calibration_sample', signals: { up: 0, down: 0, left: 1, right: 0 }, timestamp: h.clock.now() + 4999 });
  t.equal(h.actor.getSnapshot().context.calBaseline.n, 1, 'within ±5 s it counts');
});

t.test('pong match: pause stops the loop, a disconnect pauses, and $restored re-joins the loop', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  calibrate(h, 1);
  h.advance(2000);
  h.send({ type: 'start_game' });
  h.send({ type: 'input_command', direction: 'RIGHT', timestamp: h.clock.now() });
  h.advance(500);
  h.send({ type: 'pause_game' });
  t.ok(h.actor.getSnapshot().matches('paused'));
  const handedBack = h.actor.getSnapshot().context.game;
  t.equal(handedBack.tick, h.ofType('game_state').length, 'the context holds the game as it stood at the last tick');
  t.equal(handedBack.playerDir, 1, 'with the player\'s last input');
  const statesAtPause = h.ofType('game_state').length;
  h.advance(2000);
  t.equal(h.ofType('game_state').length, statesAtPause, 'no state while paused');
  h.send({ type: 'start_game' });
  h.send({ type: '$disconnect' }, 'someone-else');
  t.ok(h.actor.getSnapshot().matches('playing'), 'a stale socket closing does not pause');
  h.send({ type: '$disconnect' });
  t.ok(h.actor.getSnapshot().matches('paused'));
  t.equal(h.actor.getSnapshot().context.conn, null);
  h.advance(2000);
  h.send({ type: 'start_game' });
  t.equal(h.actor.getSnapshot().context.game.tick, handedBack.tick, 'resumed from where it paused');
  h.advance(1000);
  const before = h.out.length;
  const tickBefore = h.ofType('game_state').at(-1).data.timestamp;
  h.send({ type: '$restored', source: 'supervisor' });
  t.same(h.out.slice(before).map((o) => o.event.type), [], 'restored by the supervisor, the match says nothing');
  t.ok(h.actor.getSnapshot().matches('playing'));
  h.advance(100);
  t.ok(h.ofType('game_state').at(-1).data.timestamp > tickBefore, 'and the match runs on');
});

t.test('pong match: raw signals during play drive the paddle through the hysteresis decoder', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  calibrate(h, 1);
  h.advance(2000);
  h.send({ type: 'start_game' });
  const p = h.actor.getSnapshot().context.calibration!;
  const strongLeft = p.baselineMean + (p.thresholdLeft - p.baselineMean) * (p.thresholdEnter + 0.1);
  /** The paddle's velocity in the next game_state after a raw sample of activation `left`. */
  const paddleAfter = (left: number) => {
    h.send({ type: 'calibration_sample', signals: { up: 0, down: 0, left, right: 0 }, timestamp: h.clock.now() });
    const states = h.ofType('game_state').length;
    while (h.ofType('game_state').length === states) h.advance(1);
    return Math.sign(h.ofType('game_state').at(-1).data.playerPaddle.vy);
  };
  t.equal(paddleAfter(strongLeft), -1, 'LEFT decoded: the paddle moves up');
  const between = p.baselineMean + (p.thresholdLeft - p.baselineMean) * ((p.thresholdEnter + p.thresholdExit) / 2);
  t.equal(paddleAfter(between), -1, 'held by hysteresis');
  t.equal(paddleAfter(p.baselineMean), 0, 'released at rest');
  t.equal(h.ofType('error').length, 0);
});

t.test('pong match: inputs between two ticks are applied in order before the next physics step', async (t) => {
  const h = await harness();
  h.send({ type: 'connect', sessionId: ID });
  calibrate(h, 1);
  h.advance(2000);
  h.send({ type: 'start_game' });
  h.advance(20);
  const y0 = h.ofType('game_state').at(-1).data.playerPaddle.y;
  h.send({ type: 'input_command', direction: 'RIGHT', timestamp: h.clock.now() });
  h.send({ type: 'input_command', direction: 'LEFT', timestamp: h.clock.now() });
  const states = h.ofType('game_state').length;
  h.advance(17);
  t.equal(h.ofType('game_state').length, states + 1, 'one tick later');
  const next = h.ofType('game_state').at(-1).data;
  t.ok(next.playerPaddle.vy < 0 && next.playerPaddle.y < y0, 'the last input wins the direction: the paddle moved up in that tick');
  // 2.5 s with an input every tick: no THONK timeout.
  play(h, () => 'NEUTRAL', () => false, 150);
  t.ok(h.actor.getSnapshot().matches('playing'));
  t.equal(h.ofType('error').length, 0);
  const g = h.actor.getSnapshot().context.game;
  t.ok(g.switchEma > 0, 'the inputs fed the metrics the actor sees');
  t.ok(h.clock.now() - g.lastSignalAt < 20, 'the context holds the game as the inputs left it');
});
