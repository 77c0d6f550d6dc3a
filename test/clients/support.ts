import WebSocket from 'ws';
import type { ClientOptions, EventsOf } from '../../clients/typescript/src/index.js';

/** Options every SDK test passes: Node's `ws`, validation on, quick reconnects. */
export const sdkOptions = {
  WebSocket: WebSocket as unknown as NonNullable<ClientOptions['WebSocket']>,
  validate: true,
  reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
  requestTimeoutMs: 15_000,
} satisfies ClientOptions;

interface Observable<F extends { type: string }> {
  on<K extends keyof EventsOf<F>>(type: K, handler: (event: EventsOf<F>[K]) => void): () => void;
}

/**
 * Everything a client emitted, kept from the moment it is attached, so a test can wait
 * for a frame that may already have arrived (the SDK's own `next` only sees the future).
 * Any frame that failed validation is recorded in `invalid`: the tests assert it stays empty.
 */
export function record<F extends { type: string }>(client: Observable<F>) {
  const frames: F[] = [];
  const invalid: unknown[] = [];
  const taken = new Set<number>();
  const waiters = new Set<() => void>();
  client.on('frame', (frame) => {
    frames.push(frame as F);
    for (const wake of [...waiters]) wake();
  });
  client.on('invalid', (bad) => invalid.push(bad));
  return {
    frames,
    invalid,
    /** The first frame not yet taken of `type` matching `where` (past or future). */
    take<K extends F['type']>(type: K | readonly K[], where: (frame: Extract<F, { type: K }>) => boolean = () => true, timeoutMs = 15_000): Promise<Extract<F, { type: K }>> {
      const types: readonly string[] = Array.isArray(type) ? type : [type];
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = 0; i < frames.length; i++) {
            const frame = frames[i] as Extract<F, { type: K }>;
            if (!taken.has(i) && types.includes(frame.type) && where(frame)) {
              taken.add(i);
              waiters.delete(check);
              clearTimeout(timer);
              resolve(frame);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${types.join(' or ')} within ${timeoutMs} ms; last frames: ${frames.slice(-5).map((f) => f.type).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    /** Skip everything received so far (later `take`s only see newer frames). */
    skipAll() {
      for (let i = 0; i < frames.length; i++) taken.add(i);
    },
  };
}

/** Resolve with the next `reconnected` after closing the client's socket as a network drop would. */
export function dropAndResume(client: { socket?: { close(code?: number, reason?: string): void }; once(type: 'reconnected', handler: (e: { attempts: number }) => void): () => void }) {
  const back = new Promise<{ attempts: number }>((resolve) => client.once('reconnected', resolve));
  client.socket!.close(4999, 'test: simulated drop');
  return back;
}
