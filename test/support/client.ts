import WebSocket from 'ws';

/**
 * A WebSocket test client that records every frame and lets a test wait for the
 * next one matching a predicate.
 */
export interface TestClient {
  ws: WebSocket;
  received: any[];
  send(message: unknown): void;
  sendRaw(data: string | Buffer, options?: { binary?: boolean }): void;
  /** Resolve with the first frame (past or future, not yet taken) matching `match`. */
  next(match: ((frame: any) => boolean) | string, timeoutMs?: number): Promise<any>;
  /** Wait `ms` and return every frame that arrived meanwhile. */
  quiet(ms?: number): Promise<any[]>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export function connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const received: any[] = [];
    const waiters = new Set<() => void>();
    let closeInfo = '';
    let resolveClosed!: (value: { code: number; reason: string }) => void;
    const closed = new Promise<{ code: number; reason: string }>((r) => (resolveClosed = r));
    ws.on('message', (data, isBinary) => {
      const text = data.toString();
      received.push(isBinary ? data : safeParse(text));
      for (const wake of [...waiters]) wake();
    });
    ws.on('close', (code, reason) => {
      closeInfo = `${code} ${reason.toString()}${closeInfo}`;
      resolveClosed({ code, reason: reason.toString() });
      for (const wake of [...waiters]) wake();
    });
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', (error) => {
      closeInfo += ` error: ${error.message}`;
      reject(error);
    });
    ws.on('open', () => {
      const taken = new Set<number>();
      const client: TestClient = {
        ws,
        received,
        closed,
        send: (message) => ws.send(JSON.stringify(message)),
        sendRaw: (data, options) => ws.send(data, { binary: options?.binary ?? false }),
        next(match, timeoutMs = 5000) {
          const test = typeof match === 'string' ? (f: any) => f?.type === match : match;
          return new Promise((res, rej) => {
            const check = () => {
              for (let i = 0; i < received.length; i++) {
                if (!taken.has(i) && test(received[i])) {
                  taken.add(i);
                  waiters.delete(check);
                  clearTimeout(timer);
                  res(received[i]);
                  return;
                }
              }
              if (ws.readyState === WebSocket.CLOSED) {
                waiters.delete(check);
                clearTimeout(timer);
                rej(new Error(`socket closed (${closeInfo}) while waiting; got ${JSON.stringify(received.slice(-5))}`));
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              rej(new Error(`timed out waiting for ${typeof match === 'string' ? match : 'a frame'}; got ${JSON.stringify(received.slice(-5))}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        async quiet(ms = 150) {
          const start = received.length;
          await new Promise((r) => setTimeout(r, ms));
          return received.slice(start);
        },
        async close() {
          if (ws.readyState === WebSocket.CLOSED) return;
          ws.close();
          await closed;
        },
      };
      resolve(client);
    });
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** JSON over HTTP against the test server. */
export async function http(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // plain text (e.g. /metrics)
  }
  return { status: res.status, body: parsed };
}
