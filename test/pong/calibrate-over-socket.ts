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
