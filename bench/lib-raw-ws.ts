/**
 * A lean WebSocket client for load generation: plain `net` sockets, pre-built masked
 * frames, an incremental frame parser that hands out payload views without copying.
 * The `ws` package tops out near 150k round trips/s per core and measures itself;
 * this one measures the server.
 */
import { randomBytes } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';

const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;

/** Encode a masked client frame once; send the same Buffer as often as you like. */
export function clientFrame(payload: string | Buffer, opcode = OPCODE_TEXT): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const length = body.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + 4 + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, headerLength);
  const start = headerLength + 4;
  for (let i = 0; i < length; i++) frame[start + i] = body[i] ^ mask[i & 3];
  return frame;
}

export const textFrame = (text: string) => clientFrame(text, OPCODE_TEXT);

export type FrameHandler = (opcode: number, payload: Buffer) => void;

/**
 * Incremental parser for unmasked server frames. `payload` is a view into the
 * receive buffer: copy it if you keep it past the callback.
 */
export function createFrameParser(onFrame: FrameHandler) {
  let pending: Buffer | undefined;
  return (chunk: Buffer) => {
    let buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
    let offset = 0;
    for (;;) {
      if (buffer.length - offset < 2) break;
      const opcode = buffer[offset] & 0x0f;
      let length = buffer[offset + 1] & 0x7f;
      let header = 2;
      if (length === 126) {
        if (buffer.length - offset < 4) break;
        length = buffer.readUInt16BE(offset + 2);
        header = 4;
      } else if (length === 127) {
        if (buffer.length - offset < 10) break;
        length = Number(buffer.readBigUInt64BE(offset + 2));
        header = 10;
      }
      if (buffer.length - offset < header + length) break;
      onFrame(opcode, buffer.subarray(offset + header, offset + header + length));
      offset += header + length;
    }
    pending = offset < buffer.length ? Buffer.from(buffer.subarray(offset)) : undefined;
    buffer = undefined as never;
  };
}

export interface RawSocket {
  socket: Socket;
  /** Write a pre-built frame (see `textFrame`). */
  send(frame: Buffer): boolean;
  close(): void;
  closed: Promise<void>;
}

/**
 * Open a WebSocket over a plain TCP socket. `onMessage` gets every text/binary frame;
 * pings are answered, a close frame ends the socket.
 */
export function connectRaw(url: string, onMessage: FrameHandler = () => {}): Promise<RawSocket> {
  const target = new URL(url);
  const port = Number(target.port || (target.protocol === 'wss:' ? 443 : 80));
  if (target.protocol === 'wss:') return Promise.reject(new Error('lib-raw-ws: wss is not supported; point it at ws://'));
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: target.hostname, port, noDelay: true });
    const key = randomBytes(16).toString('base64');
    let upgraded = false;
    let head = Buffer.alloc(0);
    let resolveClosed!: () => void;
    const closed = new Promise<void>((r) => (resolveClosed = r));
    const pong = clientFrame(Buffer.alloc(0), OPCODE_PONG);
    const parse = createFrameParser((opcode, payload) => {
      if (opcode === OPCODE_PING) socket.write(pong);
      else if (opcode === OPCODE_CLOSE) socket.end();
      else onMessage(opcode, payload);
    });
    socket.on('connect', () => {
      socket.write(
        `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      if (upgraded) {
        // Replies written while handling one chunk leave in one writev, as a real client's would.
        socket.cork();
        parse(chunk);
        socket.uncork();
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      const status = head.subarray(0, head.indexOf('\r\n')).toString();
      if (!/^HTTP\/1\.1 101/.test(status)) {
        socket.destroy();
        return reject(new Error(`upgrade refused: ${status}`));
      }
      upgraded = true;
      resolve({
        socket,
        send: (frame) => socket.write(frame),
        close: () => socket.end(clientFrame(Buffer.from([0x03, 0xe8]), OPCODE_CLOSE)),
        closed,
      });
      if (head.length > end + 4) parse(head.subarray(end + 4));
    });
    socket.on('error', (error) => (upgraded ? undefined : reject(error)));
    socket.on('close', () => resolveClosed());
  });
}

/** Open `count` sockets, `parallel` at a time. */
export async function connectMany(count: number, open: (index: number) => Promise<RawSocket>, parallel = 50): Promise<RawSocket[]> {
  const sockets: RawSocket[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const index = next++;
        sockets[index] = await open(index);
      }
    }),
  );
  return sockets;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export async function processCpuSeconds(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return ticks / clockTicksPerSecond;
}

/** Linux's USER_HZ is 100 on every mainstream kernel configuration. */
const clockTicksPerSecond = 100;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(sortedValues: number[], p: number): number {
  if (sortedValues.length === 0) return NaN;
  const index = Math.min(sortedValues.length - 1, Math.max(0, Math.ceil((p / 100) * sortedValues.length) - 1));
  return sortedValues[index];
}
