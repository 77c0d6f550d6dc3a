/**
 * Idle clients for the memory figures of `bench/peers.ts`, in their own (pinned) process:
 * opens `--count` raw-frame sockets to `--url` + `--path` and prints {phase:'connected'};
 * on SIGUSR2 sends `--hello` on each and, once every socket has received a frame containing
 * `--expect`, prints {phase:'sessions'}. Then stays, sending nothing, until killed.
 *
 *   --url http://host:port  --path /pong/ws  --count N  --hello JSON  --expect TEXT
 */
import { parseArgs } from 'node:util';
import { connectMany, connectRaw, textFrame } from './lib-raw-ws.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    path: { type: 'string', default: '/pong/ws' },
    count: { type: 'string', default: '100' },
    hello: { type: 'string', default: JSON.stringify({ type: 'connect', data: {} }) },
    expect: { type: 'string', default: 'session_created' },
  },
});
const count = Number(values.count);
const url = `${values.url!.replace(/\/$/, '').replace(/^http/, 'ws')}${values.path}`;
const answered = new Array<boolean>(count).fill(false);
let answers = 0;

const sockets = await connectMany(count, (i) =>
  connectRaw(url, (_op, payload) => {
    if (!answered[i] && payload.includes(values.expect!)) {
      answered[i] = true;
      if (++answers === count) console.log(JSON.stringify({ phase: 'sessions' }));
    }
  }),
);
process.on('SIGUSR2', () => {
  const hello = textFrame(values.hello!);
  for (const socket of sockets) socket.send(hello);
});
console.log(JSON.stringify({ phase: 'connected' }));
setInterval(() => {}, 1 << 30);
