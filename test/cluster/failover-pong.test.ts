import t from 'tap';
import { connect, http, type TestClient } from '../support/client.js';
import { calibrateOverSocket, dodgeBall } from '../pong/calibrate-over-socket.js';
import { startProcessCluster, type NodeProcess } from './node-processes.js';

const env = {
  PONG_CAL_BASELINE_MS: '1200',
  PONG_CAL_TRIAL_MS: '250',
  PONG_CAL_MIN_SAMPLES: '3',
  PONG_TARGET_SCORE: '3',
  PONG_SERVE_DELAY_MS: '50',
  PONG_START_GAME_EVERY_MS: '0',
  PONG_START_CALIBRATION_EVERY_MS: '0',
  // The driver's inputs keep the watchdog quiet; a loaded machine's stall must not pause the match.
  PONG_THONK_TIMEOUT_MS: '30000',
};
// Generous: a loaded machine (CI runs two cluster files at once) stretches a takeover far beyond its lease.
const WAIT = 60_000;

const states = (c: TestClient) => c.received.filter((f) => f?.type === 'game_state');

/** Steer away from the ball every 50 ms (20 inputs a second: well inside the input limit), so points come quickly. */
const drive = (c: TestClient) => dodgeBall(c, 50);

async function pongCount(node: NodeProcess): Promise<number> {
  return (await http(node.url, 'GET', '/healthz')).body.actors.pong ?? 0;
}

t.test('failover: kill -9 the node that owns a pong match mid-rally; the player connects to the survivor with its userId, keeps its calibration and score, the match goes on', async (t) => {
  const cluster = await startProcessCluster(t, env);
  if (!cluster) return;
  const a = await cluster.start('a');
  const b = await cluster.start('b');

  const first = await connect(a.wsUrl('/pong/ws'));
  first.send({ type: 'connect', data: {} });
  const userId = (await first.next('session_created', WAIT)).data.sessionId as string;
  const calibration = await calibrateOverSocket(first, WAIT);
  t.equal(calibration.data.status, 'success', 'calibrated on the first node');
  t.same([await pongCount(a), await pongCount(b)], [1, 0], 'the match lives on the node of its socket');
  first.send({ type: 'start_game', data: {} });
  const stopFirst = drive(first);
  t.teardown(stopFirst);
  // Mid-rally: a point was scored (its snapshot is in the commit right after the frame that shows it) and, a
  // second of server time later, the ball is moving again.
  const scored = await first.next((f) => f?.type === 'game_state' && f.data.score.player + f.data.score.ai >= 1, WAIT);
  await first.next((f) => f?.type === 'game_state' && f.data.timestamp >= scored.data.timestamp + 1000 && f.data.ball.vx !== 0, WAIT);
  const before = states(first).at(-1).data.score;
  stopFirst();

  await a.crash();
  const c = await connect(b.wsUrl('/pong/ws'));
  c.send({ type: 'connect', data: { userId } });
  const resumed = await c.next('session_created', WAIT);
  t.same(resumed.data, { sessionId: userId, calibrationRequired: false, calibrationParams: calibration.data.params }, 'the session resumes on the survivor with its calibration');
  c.send({ type: 'start_game', data: {} });
  const stop = drive(c);
  t.teardown(stop);
  const back = (await c.next('game_state', WAIT)).data.score;
  t.ok(back.player >= before.player && back.ai >= before.ai, `the score announced before the kill is kept (${JSON.stringify(before)} → ${JSON.stringify(back)})`);
  const over = await c.next('game_over', 60_000);
  stop();
  t.ok(Math.max(over.data.finalScore.player, over.data.finalScore.ai) === 3, 'the match plays on to its end on the survivor');
  t.ok(over.data.finalScore.player >= back.player && over.data.finalScore.ai >= back.ai, 'from where it resumed');
  // Up to game_over: an input still in flight when the match ends is answered GAME_NOT_STARTED, as on one process.
  t.same(c.received.slice(0, c.received.indexOf(over)).filter((f) => f?.type === 'error'), [], 'no error on the survivor');
  t.same(await pongCount(b), 1, 'the survivor runs the match');
  await c.close();
});
