import type { TestClient } from '../support/client.js';

/** Run a calibration over a pong socket with synthetic signals that follow the server's steps; resolves with `calibration_complete`. */
export async function calibrateOverSocket(c: TestClient, timeoutMs: number) {
  let step = 'baseline';
  const timer = setInterval(() => {
    for (const f of c.received) if (f?.type === 'calibration_step') step = f.data.step;
    const noise = (Math.random() - 0.5) * 0.1;
    const bias = step === 'left' ? 0.5 : step === 'right' ? -0.5 : 0;
    c.send({ type: 'calibration_sample', data: { signals: { up: 0, down: 0, left: bias + noise, right: 0 }, timestamp: Date.now() } });
  }, 5);
  c.send({ type: 'start_calibration', data: {} });
  try {
    return await c.next('calibration_complete', timeoutMs);
  } finally {
    clearInterval(timer);
  }
}

/**
 * Stream synthetic signals matching whatever step the server announces (a calibration already
 * started), `separation` apart, until `calibration_complete`; resolves with it.
 */
export async function followCalibration(c: TestClient, separation = 3, timeoutMs = 15_000) {
  let step = 'baseline';
  const timer = setInterval(() => {
    for (const f of c.received) if (f?.type === 'calibration_step') step = f.data.step;
    if (c.received.some((f) => f?.type === 'calibration_complete')) return;
    const noise = (Math.random() - 0.5) * 0.2;
    const bias = step === 'left' ? separation * 0.1 : step === 'right' ? -separation * 0.1 : 0;
    c.send({ type: 'calibration_sample', data: { signals: { up: 0, down: 0, left: 0.5 + bias / 2 + noise, right: 0.5 - bias / 2 }, timestamp: Date.now() } });
  }, 10);
  try {
    return await c.next('calibration_complete', timeoutMs);
  } finally {
    clearInterval(timer);
  }
}

/** Steer away from the ball every `everyMs` (keeping the THONK watchdog fed), so the AI scores quickly; returns the stop. */
export function dodgeBall(c: TestClient, everyMs = 17): () => void {
  const timer = setInterval(() => {
    const last = [...c.received].reverse().find((f) => f?.type === 'game_state');
    const direction = !last ? 'NEUTRAL' : last.data.ball.y < last.data.playerPaddle.y ? 'RIGHT' : 'LEFT';
    c.send({ type: 'input_command', data: { direction, timestamp: Date.now() } });
  }, everyMs);
  return () => clearInterval(timer);
}
