/**
 * Pong against the server's adaptive AI, in a browser, on the SDK's `PongClient`. The
 * keyboard is the signal source: calibration asks for "rest", "left" and "right" and the page
 * samples the arrow keys as the two signals; in the match the same keys steer the paddle.
 * Bundled for the browser by `serve.ts` (esbuild); the game server is `?server=ws://host:port`.
 */
import { PongClient, type PongEvent } from '../../clients/typescript/src/index.js';

type GameState = Extract<PongEvent, { type: 'game_state' }>['data'];

// The server's field (machines/pong/physics.ts): y grows downwards, the player's paddle face at x = 32, the AI's at 768.
const FIELD = { width: 800, height: 600, paddle: 100, paddleWidth: 12, playerFaceX: 32, aiFaceX: 768, ball: 16 };
const server = new URLSearchParams(location.search).get('server') ?? `ws://${location.hostname}:8080`;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const score = $<HTMLSpanElement>('score');
const start = $<HTMLButtonElement>('start');
const status = $<HTMLDivElement>('status');
const taunt = $<HTMLDivElement>('taunt');
const canvas = $<HTMLCanvasElement>('field');
const draw = canvas.getContext('2d')!;

// Which way the player is pushing: ←/↑ is LEFT (paddle up), →/↓ is RIGHT (paddle down).
const held = { left: false, right: false };
const sideOf = (key: string) => (key === 'ArrowLeft' || key === 'ArrowUp' ? 'left' : key === 'ArrowRight' || key === 'ArrowDown' ? 'right' : undefined);
for (const [type, down] of [['keydown', true], ['keyup', false]] as const) {
  addEventListener(type, (event) => {
    const side = sideOf(event.key);
    if (!side) return;
    held[side] = down;
    event.preventDefault();
  });
}

function phase(name: 'connecting' | 'ready' | 'calibrating' | 'playing' | 'over' | 'failed', text: string) {
  document.body.dataset.phase = name;
  status.textContent = text;
}

function render(state: GameState) {
  score.textContent = `${state.score.player} : ${state.score.ai}`;
  score.dataset.player = String(state.score.player);
  score.dataset.ai = String(state.score.ai);
  canvas.dataset.ballX = String(Math.round(state.ball.x));
  canvas.dataset.ballY = String(Math.round(state.ball.y));
  canvas.dataset.paddleY = String(Math.round(state.playerPaddle.y));
  draw.fillStyle = '#000';
  draw.fillRect(0, 0, FIELD.width, FIELD.height);
  draw.fillStyle = '#333';
  for (let y = 0; y < FIELD.height; y += 30) draw.fillRect(FIELD.width / 2 - 1, y, 2, 15);
  draw.fillStyle = '#eee';
  draw.fillRect(FIELD.playerFaceX - FIELD.paddleWidth, state.playerPaddle.y - FIELD.paddle / 2, FIELD.paddleWidth, FIELD.paddle);
  draw.fillRect(FIELD.aiFaceX, state.aiPaddle.y - FIELD.paddle / 2, FIELD.paddleWidth, FIELD.paddle);
  draw.fillRect(state.ball.x - FIELD.ball / 2, state.ball.y - FIELD.ball / 2, FIELD.ball, FIELD.ball);
}

/** The next `type` event, however long it takes (a match has no time limit; `next` has one). */
function once<K extends 'calibration_complete' | 'game_over'>(pong: PongClient, type: K): Promise<Extract<PongEvent, { type: K }>> {
  return new Promise((resolve) => {
    const off = pong.on(type, (event) => {
      off();
      resolve(event as Extract<PongEvent, { type: K }>);
    });
  });
}

/** Run `tick` every `ms` until the returned function is called. */
function every(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms);
  return () => clearInterval(timer);
}

const instructions = { baseline: 'Calibrating: hands off the keys…', left: 'Calibrating: hold ← (or ↑)…', right: 'Calibrating: hold → (or ↓)…' } as const;

async function calibrate(pong: PongClient): Promise<boolean> {
  const show = (step: keyof typeof instructions) => {
    document.body.dataset.step = step;
    phase('calibrating', instructions[step]);
  };
  const steps = pong.on('calibration_step', (e) => show(e.data.step));
  // Two signals from two keys; a little noise, as any real signal has, keeps the spread finite.
  const stop = every(10, () => {
    const noise = () => (Math.random() - 0.5) * 0.05;
    void pong.sample({ signals: { up: 0, down: 0, left: (held.left ? 0.8 : 0.2) + noise(), right: (held.right ? 0.8 : 0.2) + noise() }, timestamp: Date.now() }).catch(() => undefined);
  });
  const complete = once(pong, 'calibration_complete');
  try {
    const first = await pong.startCalibration();
    show(first.data.step);
    const done = await complete;
    if (done.data.status !== 'success') phase('ready', `${done.data.message} Press Start to try again.`);
    return done.data.status === 'success';
  } finally {
    stop();
    steps();
    delete document.body.dataset.step;
  }
}

async function play(pong: PongClient) {
  phase('playing', 'Playing: ←/↑ and →/↓ move your paddle.');
  const steer = every(1000 / 60, () => {
    const direction = held.left === held.right ? 'NEUTRAL' : held.left ? 'LEFT' : 'RIGHT';
    void pong.input({ direction, timestamp: Date.now() }).catch(() => undefined);
  });
  const ended = once(pong, 'game_over');
  render((await pong.startGame()).data);
  const over = await ended;
  steer();
  phase('over', `${over.data.winner === 'player' ? 'You win' : 'The AI wins'} ${over.data.finalScore.player} : ${over.data.finalScore.ai}. Press Start for another match.`);
}

async function main() {
  const saved = localStorage.getItem('actorcade-pong-session') ?? undefined;
  const pong = await PongClient.connect(`${server}/pong/ws`, { sessionId: saved });
  localStorage.setItem('actorcade-pong-session', pong.sessionId!);
  pong.on('game_state', (e) => render(e.data));
  pong.on('taunt_message', (e) => (taunt.textContent = `AI: ${e.data.text}`));
  pong.on('disconnected', () => phase('connecting', 'Connection lost; reconnecting…'));
  pong.on('reconnected', () => phase('ready', 'Reconnected. Press Start.'));
  let calibrated = pong.session?.calibrationRequired === false;
  phase('ready', calibrated ? 'Calibrated. Press Start to play.' : 'Press Start to calibrate, then play.');
  start.disabled = false;
  start.textContent = 'Start';
  start.addEventListener('click', async () => {
    start.disabled = true;
    start.blur();
    try {
      calibrated ||= await calibrate(pong);
      if (calibrated) await play(pong);
    } catch (error) {
      phase('failed', `Error: ${(error as Error).message}`);
    } finally {
      start.disabled = false;
    }
  });
}

main().catch((error) => phase('failed', `Cannot reach the game server at ${server}: ${(error as Error).message}`));
