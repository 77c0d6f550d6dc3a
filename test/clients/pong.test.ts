import t from 'tap';
import { ActorcadeError, OpponentClient, PongClient, type OpponentEvent, type PongEvent } from '../../clients/typescript/src/index.js';
import { createPongSession } from '../../src/sessions/pong/index.js';
import { startServer } from '../support/server.js';
import { dropAndResume, record, sdkOptions } from './support.js';

const FAST = {
  PONG_CAL_BASELINE_MS: '1200',
  PONG_CAL_TRIAL_MS: '250',
  PONG_CAL_MIN_SAMPLES: '3',
  PONG_SERVE_DELAY_MS: '50',
  PONG_START_GAME_EVERY_MS: '0',
  PONG_START_CALIBRATION_EVERY_MS: '0',
};

/** Play `ms` of pong: follow the ball with the paddle at 60 Hz. */
function play(client: PongClient, log: ReturnType<typeof record<PongEvent>>, ms: number) {
  return new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const state = [...log.frames].reverse().find((f) => f.type === 'game_state');
      const ball = state?.type === 'game_state' ? state.data.ball.y - state.data.playerPaddle.y : 0;
      void client.input({ direction: ball < -10 ? 'LEFT' : ball > 10 ? 'RIGHT' : 'NEUTRAL', timestamp: Date.now() }).catch(() => undefined);
    }, 1000 / 60);
    setTimeout(() => {
      clearInterval(timer);
      resolve();
    }, ms);
  });
}

t.test('sdk pong: calibrate, play 2 s at 60 Hz, drop mid-game and resume the session with connect {userId}; the opponent answers', async (t) => {
  const srv = await startServer(FAST, { sessions: [createPongSession()] });
  t.teardown(() => srv.close());
  const pong = await PongClient.connect(srv.wsUrl('/pong/ws'), sdkOptions);
  t.teardown(() => pong.close());
  t.equal(pong.session?.calibrationRequired, true, 'a new session needs calibration');
  const log = record<PongEvent>(pong);

  const early = await pong.startGame().catch((e) => e);
  t.ok(early instanceof ActorcadeError && early.code === 'INVALID_STATE', `start_game before calibrating is refused (${early.code})`);

  // Signals that separate left from right clearly, following the step the server announces.
  let step: 'baseline' | 'left' | 'right' = 'baseline';
  pong.on('calibration_step', (e) => (step = e.data.step));
  const first = await pong.startCalibration();
  t.equal(first.data.step, 'baseline', 'start_calibration resolves with the baseline step');
  const sampler = setInterval(() => {
    const bias = step === 'left' ? 0.3 : step === 'right' ? -0.3 : 0;
    const noise = (Math.random() - 0.5) * 0.05;
    void pong.sample({ signals: { up: 0, down: 0, left: 0.5 + bias + noise, right: 0.5 - bias }, timestamp: Date.now() }).catch(() => undefined);
  }, 10);
  const complete = await log.take('calibration_complete');
  clearInterval(sampler);
  t.equal(complete.data.status, 'success', `calibrated (quality ${complete.data.quality.toFixed(2)})`);

  const firstState = await pong.startGame();
  t.type(firstState.data.ball.x, 'number', 'start_game resolves with the first game_state');
  const before = log.frames.length;
  await play(pong, log, 1000);
  const states = log.frames.slice(before).filter((f) => f.type === 'game_state').length;
  t.ok(states > 0, `game_state streams (${states} in the first second)`);

  const sessionId = pong.sessionId;
  const { attempts } = await dropAndResume(pong);
  t.ok(attempts >= 1, 'reconnected mid-game');
  t.equal(pong.sessionId, sessionId, 'the same session, resumed with connect {userId}');
  t.equal(pong.session?.calibrationRequired, false, 'calibration kept');
  t.ok(pong.session?.calibrationParams, 'session_created carries the calibration');
  await pong.startGame();
  const resumedAt = log.frames.length;
  await play(pong, log, 1000);
  t.ok(log.frames.slice(resumedAt).some((f) => f.type === 'game_state'), 'the match plays on after the reconnect');
  t.same(log.invalid, [], 'every frame validated against the codecs');

  const opponent = await OpponentClient.connect(srv.wsUrl('/opponent/ws'), { ...sdkOptions, sessionId });
  t.teardown(() => opponent.close());
  const opponentLog = record<OpponentEvent>(opponent);
  const event = (id: string, difficulty = 0.5) => ({
    event_id: id, game_mode: 'classic', event: 'player_score', score: { player: 1, ai: 0 }, current_difficulty: difficulty, timestamp_ms: Date.now(),
  });
  const update = await opponent.gameEvent(event('e-1'));
  t.equal(update.event_id, 'e-1', 'game_event resolves with its opponent_update');
  t.type(update.difficulty.final, 'number');
  const invalid = await opponent.gameEvent(event('e-2', 7)).catch((e) => e);
  t.ok(invalid instanceof ActorcadeError && invalid.code === 'INVALID_EVENT', 'an invalid game_event rejects with INVALID_EVENT');
  await dropAndResume(opponent);
  t.equal((await opponent.gameEvent(event('e-3'))).event_id, 'e-3', 'the opponent answers after a reconnect');
  t.same(opponentLog.invalid, [], 'every opponent frame validated against the codecs');
});
