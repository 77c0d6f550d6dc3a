/**
 * Load generator for `bench/gateway.ts`, run in its own (pinned) process. Prints one
 * JSON line when the measured window starts and one with the counts when it ends.
 *
 *   --target bare|actorcade|socketio (fan-out only)  --mode echo|fanout  --url http://host:port
 *   --connections N  --depth K (frames in flight per socket)  --warmup S  --seconds S
 *   --event-bytes N  (fan-out: pad the delivered event to N bytes on every target; 0: as is)
 * The end line carries `eventBytes`, the length of the last delivered frame's payload.
 */
import { parseArgs } from 'node:util';
import { connectMany, connectRaw, textFrame, type RawSocket } from './lib-raw-ws.js';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'actorcade' },
    mode: { type: 'string', default: 'echo' },
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    connections: { type: 'string', default: '50' },
    depth: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '3' },
    'event-bytes': { type: 'string', default: '0' },
  },
});
const eventBytes = Number(values['event-bytes']);
const connections = Number(values.connections);
const depth = Number(values.depth);
const base = values.url!.replace(/\/$/, '');
const wsBase = base.replace(/^http/, 'ws');
let received = 0;
let replyLength = -1;
let deliveredLength = 0;

/** `fields` as JSON, with a `pad` field making it `bytes` long (as is when that is shorter). */
function padded(fields: Record<string, unknown>, bytes: number): string {
  const plain = JSON.stringify(fields);
  if (bytes <= plain.length) return plain;
  const base = JSON.stringify({ ...fields, pad: '' }).length;
  return JSON.stringify({ ...fields, pad: 'x'.repeat(Math.max(0, bytes - base)) });
}

async function postJson(path: string, body: unknown, token?: string) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

/** Actorcade (seed 003): N users, one channel they all belong to, every socket subscribed. */
async function actorcadeSockets(count: number, onFrame: (index: number, payload: Buffer) => void, publisherBytes = 0) {
  // The fan-out event is `voice_speaking {channel_id, user_id, speaking}`: its publisher's id sets its length.
  const plain = JSON.stringify({ type: 'voice_speaking', channel_id: '00000000-0000-4000-8000-000000000000', user_id: 'bench-0', speaking: true }).length;
  const users = Array.from({ length: count }, (_, i) => (i === 0 && publisherBytes > plain ? `bench-0${'-'.repeat(publisherBytes - plain)}` : `bench-${i}`));
  const tokens: string[] = [];
  for (const user of users) tokens.push((await postJson('/api/auth/token', { user_id: user })).token);
  const channel = (await postJson('/api/channels', { name: 'bench', members: users }, tokens[0])).id as string;
  let subscribed = 0;
  const ready: boolean[] = [];
  const sockets = await connectMany(count, (i) =>
    connectRaw(`${wsBase}/voice/ws?token=${tokens[i]}`, (_op, payload) => {
      if (ready[i]) return onFrame(i, payload);
      if (payload.includes('"subscribed"')) {
        ready[i] = true;
        subscribed++;
      }
    }),
  );
  const subscribe = JSON.stringify({ type: 'subscribe', channel_id: channel });
  sockets.forEach((s) => s.send(textFrame(subscribe)));
  while (subscribed < count) await new Promise((r) => setTimeout(r, 20));
  return { sockets, channel };
}

async function main() {
  const sendFrame: Buffer[] = [];
  let sockets: RawSocket[];
  let publisher: RawSocket | undefined;
  let publisherFrames: Buffer[] = [];

  if (values.mode === 'echo') {
    // Closed loop: every reply triggers the next request on that socket.
    if (values.target === 'bare') {
      const frame = textFrame(JSON.stringify({ type: 'subscribe', channel_id: '00000000-0000-4000-8000-000000000000' }));
      sockets = await connectMany(connections, (i) => connectRaw(`${wsBase}/echo`, () => {
        received++;
        sockets[i].send(frame);
      }));
      sendFrame.push(frame);
    } else {
      // Only replies to our requests keep the loop going (presence updates from late joiners don't).
      const setup = await actorcadeSockets(connections, (i, payload) => {
        if (sendFrame.length === 0 || payload.length !== replyLength) return;
        received++;
        sockets[i].send(sendFrame[0]);
      });
      sockets = setup.sockets;
      replyLength = Buffer.byteLength(JSON.stringify({ type: 'subscribed', channel_id: setup.channel }));
      sendFrame.push(textFrame(JSON.stringify({ type: 'subscribe', channel_id: setup.channel })));
    }
    for (const socket of sockets) for (let k = 0; k < depth; k++) socket.send(sendFrame[0]);
  } else {
    // Fan-out: one publisher keeps `depth` broadcasts in flight; every socket counts deliveries.
    let toggle = 0;
    const onPublisherFrame = () => publisher!.send(publisherFrames[toggle++ & 1]);
    const delivered = (payload: Buffer) => {
      received++;
      deliveredLength = payload.length;
    };
    if (values.target === 'bare') {
      sockets = await connectMany(connections, () => connectRaw(`${wsBase}/fanout`, (_op, payload) => delivered(payload)));
      publisher = await connectRaw(`${wsBase}/fanout`, onPublisherFrame);
      publisherFrames = [true, false].map((speaking) => textFrame(padded({ type: 'voice_speaking', speaking }, eventBytes)));
    } else if (values.target === 'socketio') {
      // Engine.IO 4 over a WebSocket: `0{…}` open, `40` joins the default namespace, `42[name, data]` events (10 bytes around the data), `2` ping → `3`.
      const event = (speaking: boolean) => `42${JSON.stringify(['fan', JSON.parse(padded({ type: 'voice_speaking', speaking }, eventBytes - 10))])}`;
      const engineIo = (onEvent: (payload: Buffer) => void) =>
        new Promise<RawSocket>((resolve, reject) => {
          let socket: RawSocket;
          connectRaw(`${wsBase}/socket.io/?EIO=4&transport=websocket`, (_op, payload) => {
            if (payload[0] === 0x34 && payload[1] === 0x32) return onEvent(payload); // "42"
            // The open packet can arrive with the upgrade, before `socket` is assigned below: answer a turn later.
            if (payload.length === 1 && payload[0] === 0x32) return queueMicrotask(() => socket.send(textFrame('3')));
            if (payload[0] === 0x30) return queueMicrotask(() => socket.send(textFrame('40')));
            if (payload[0] === 0x34 && payload[1] === 0x30) resolve(socket);
          }).then((s) => (socket = s), reject);
        });
      sockets = await connectMany(connections, () => engineIo(delivered));
      publisher = await engineIo(onPublisherFrame);
      publisherFrames = [event(true), event(false)].map(textFrame);
    } else {
      const setup = await actorcadeSockets(connections + 1, (i, payload) => (i === 0 ? onPublisherFrame() : delivered(payload)), eventBytes);
      [publisher, ...sockets] = setup.sockets;
      const speaking = (on: boolean) => textFrame(JSON.stringify({ type: 'voice_speaking', channel_id: setup.channel, speaking: on }));
      publisherFrames = [speaking(true), speaking(false)];
      publisher.send(textFrame(JSON.stringify({ type: 'voice_join', channel_id: setup.channel })));
      await new Promise((r) => setTimeout(r, 200));
    }
    for (let k = 0; k < depth; k++) publisher.send(publisherFrames[toggle++ & 1]);
  }

  await new Promise((r) => setTimeout(r, Number(values.warmup) * 1000));
  const startCount = received;
  const startCpu = process.cpuUsage();
  const startTime = performance.now();
  console.log(JSON.stringify({ phase: 'start' }));
  const seconds = Number(values.seconds);
  for (let s = 1; s <= seconds; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    process.stderr.write(`  ${values.target} ${values.mode}: ${s}/${seconds}s, ${Math.round((received - startCount) / s / 1000)}k frames/s\r`);
  }
  const elapsed = (performance.now() - startTime) / 1000;
  const cpu = process.cpuUsage(startCpu);
  console.log(
    JSON.stringify({
      phase: 'end',
      frames: received - startCount,
      seconds: elapsed,
      eventBytes: deliveredLength,
      loadCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
    }),
  );
  process.stderr.write('\n');
  for (const socket of [...sockets, ...(publisher ? [publisher] : [])]) socket.socket.destroy();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
