/**
 * Load generator for `bench/pong.ts`, run in its own (pinned) process: M clients each
 * play one match over `/pong/ws` with raw-frame sockets (bench/lib-raw-ws.ts): connect,
 * calibrate with synthetic signals, start_game, then input_command at 60 Hz. Counts
 * game_state frames per client by their prefix (no JSON.parse on the hot path) and the
 * time from each input to the next state. Prints JSON lines: {phase:'ready'},
 * {phase:'start'}, progress on stderr, then {phase:'end', ...figures}.
 *
 *   --url http://host:port  --matches M  --warmup S  --seconds S  --target actorcade|bare
 *   --inputs spread|burst  (spread: each frame's inputs over 8 send times; burst: all in one)
 */
import { parseArgs } from 'node:util';
import { connectMany, connectRaw, textFrame, type RawSocket } from './lib-raw-ws.js';
import { createLatencyLog, runWindow } from './lib-pong-window.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    matches: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '5' },
    target: { type: 'string', default: 'actorcade' },
    inputs: { type: 'string', default: 'spread' },
  },
});
if (values.inputs !== 'spread' && values.inputs !== 'burst') throw new Error(`--inputs must be spread or burst, not ${values.inputs}`);
const M = Number(values.matches);
const wsUrl = `${values.url!.replace(/\/$/, '').replace(/^http/, 'ws')}/pong/ws`;

const enum Phase {
  Connecting,
  Calibrating,
  Starting,
  Playing,
}
interface Client {
  index: number;
  socket?: RawSocket;
  phase: Phase;
  step: string;
  states: number;
  inputAt: number;
  awaiting: boolean;
  errors: number;
}

const clients: Client[] = Array.from({ length: M }, (_, index) => ({ index, phase: Phase.Connecting, step: 'baseline', states: 0, inputAt: 0, awaiting: false, errors: 0 }));
const latencies = createLatencyLog();
let measuring = false;
let gameOvers = 0;
const errorCodes = new Map<string, number>();

// Bytes of `{"type":"` then the event name: classify frames without parsing them.
const PREFIX = 9;
const G = 'g'.charCodeAt(0);
const S_ = 's'.charCodeAt(0);

const frames = {
  connect: textFrame(JSON.stringify({ type: 'connect', data: {} })),
  startCalibration: textFrame(JSON.stringify({ type: 'start_calibration', data: {} })),
  startGame: textFrame(JSON.stringify({ type: 'start_game', data: {} })),
};
/** input_command frames for the current second (timestamps must stay within ±5 s). */
let inputs: Buffer[] = [];
function rebuildInputs() {
  const now = Date.now();
  inputs = (['LEFT', 'NEUTRAL', 'RIGHT', 'NEUTRAL'] as const).map((direction) => textFrame(JSON.stringify({ type: 'input_command', data: { direction, timestamp: now } })));
}
rebuildInputs();

function onFrame(client: Client, payload: Buffer) {
  if (payload[PREFIX] === G && payload[PREFIX + 5] === S_) {
    // game_state
    if (measuring) {
      client.states++;
      if (client.awaiting) {
        client.awaiting = false;
        latencies.record(performance.now() - client.inputAt);
      }
    }
    if (client.phase === Phase.Starting) client.phase = Phase.Playing;
    return;
  }
  const message = JSON.parse(payload.toString());
  switch (message.type) {
    case 'session_created':
      if (values.target === 'bare') {
        client.phase = Phase.Starting;
        client.socket!.send(frames.startGame);
      } else {
        client.phase = Phase.Calibrating;
        client.socket!.send(frames.startCalibration);
      }
      return;
    case 'calibration_step':
      client.step = message.data.step;
      return;
    case 'calibration_complete':
      if (message.data.status !== 'success') {
        // start_calibration is limited to one per 10 s: retry after that.
        setTimeout(() => client.socket!.send(frames.startCalibration), 10_500);
        return;
      }
      client.phase = Phase.Starting;
      client.socket!.send(frames.startGame);
      return;
    case 'game_over':
      gameOvers++;
      client.phase = Phase.Starting;
      setTimeout(() => client.socket!.send(frames.startGame), 2000);
      return;
    case 'error':
      client.errors++;
      errorCodes.set(message.data.code, (errorCodes.get(message.data.code) ?? 0) + 1);
      if (message.data.code === 'THONK_TIMEOUT') client.socket!.send(frames.startGame);
      return;
  }
}

/** Calibration samples: every 40 ms per calibrating client, biased by the announced step. */
const sampleFrames = new Map<string, Buffer>();
function sampleFrame(step: string, k: number) {
  const key = `${step}${k}`;
  let frame = sampleFrames.get(key);
  if (!frame || Math.random() < 0.01) {
    const bias = step === 'left' ? 0.5 : step === 'right' ? -0.5 : 0;
    const noise = (k - 2) * 0.05;
    frame = textFrame(JSON.stringify({ type: 'calibration_sample', data: { signals: { up: 0, down: 0, left: 0.5 + bias / 2 + noise, right: 0.5 - bias / 2 }, timestamp: Date.now() } }));
    sampleFrames.set(key, frame);
  }
  return frame;
}
let sampleTick = 0;
const sampler = setInterval(() => {
  sampleTick++;
  if (sampleTick % 25 === 0) sampleFrames.clear(); // keep timestamps fresh
  for (const c of clients) if (c.phase === Phase.Calibrating && c.socket) c.socket.send(sampleFrame(c.step, (c.index + sampleTick) % 5));
}, 40);

// Inputs at exactly 60 Hz per client on average: a drift-corrected schedule (setInterval would run
// 62 Hz and trip the limit). `spread`: players are not phase-locked to each other, the clients are
// spread over INPUT_SLOTS evenly spaced send times per frame, so the server sees a stream of inputs
// (a burst that lands just before a server frame is due delays that frame by the time it takes to
// read M inputs). `burst`: every client's input in one send time per frame, as SDK clients in one
// process send them (cheaper per frame for the server): the pattern of the Colyseus comparison.
const period = 1000 / 60;
const INPUT_SLOTS = values.inputs === 'burst' ? 1 : 8;
let t0 = performance.now();
let slot = 0;
function inputLoop() {
  slot++;
  const frame = Math.floor(slot / INPUT_SLOTS);
  const group = slot % INPUT_SLOTS;
  if (group === 0 && frame % 60 === 0) rebuildInputs();
  const now = performance.now();
  for (let i = group; i < clients.length; i += INPUT_SLOTS) {
    const c = clients[i];
    if (c.phase !== Phase.Playing) continue;
    // Each client changes direction every ~half second, phase-shifted by its index.
    c.socket!.send(inputs[((frame + c.index) >> 5) & 3]);
    if (!c.awaiting) {
      c.awaiting = true;
      c.inputAt = now;
    }
  }
  setTimeout(inputLoop, Math.max(0, t0 + ((slot + 1) * period) / INPUT_SLOTS - performance.now()));
}

async function main() {
  await connectMany(M, async (i) => {
    const client = clients[i];
    client.socket = await connectRaw(wsUrl, (_op, payload) => onFrame(client, payload));
    client.socket.send(frames.connect);
    return client.socket;
  });
  t0 = performance.now();
  setTimeout(inputLoop, period / INPUT_SLOTS);
  for (let waited = 0; clients.some((c) => c.phase !== Phase.Playing); waited += 100) {
    if (waited % 2000 === 0) process.stderr.write(`  ${M} matches: ${clients.filter((c) => c.phase === Phase.Playing).length} playing\r`);
    if (waited > 60_000) {
      // Measure anyway: clients that never started count as receiving nothing.
      const stuck = [Phase.Connecting, Phase.Calibrating, Phase.Starting].map((p) => clients.filter((c) => c.phase === p).length);
      process.stderr.write(`\n  not all matches started within 60 s (connecting ${stuck[0]}, calibrating ${stuck[1]}, starting ${stuck[2]}); measuring anyway\n`);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  clearInterval(sampler);
  await runWindow({
    label: `${values.target} ${M} matches`,
    unit: 'states',
    warmupSeconds: Number(values.warmup),
    seconds: Number(values.seconds),
    clients,
    latencies,
    measuring: (on) => (measuring = on),
    reset: () => errorCodes.clear(),
    end: () => ({
      gameOvers,
      started: clients.filter((c) => c.phase === Phase.Playing).length,
      errors: Object.fromEntries(errorCodes),
    }),
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
