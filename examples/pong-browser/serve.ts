/**
 * Serves the browser pong example: `node --import tsx examples/pong-browser/serve.ts
 * [--port 8090] [--server ws://localhost:8080]`, then open the printed address. The page is
 * bundled with esbuild when this starts (nothing built is committed); the game server is a
 * separate `npm start`, reached by the page's own WebSocket.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bundleForBrowser } from '../../clients/typescript/build.js';

export interface PongExample {
  /** `http://host:port/` of the page (add `?server=ws://…` to point it at a game server). */
  url: string;
  close(): Promise<void>;
}

/** Bundle the page's script and serve it with its HTML on `port` (0 = any free port). */
export async function servePongExample(options: { port?: number; host?: string } = {}): Promise<PongExample> {
  const html = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
  const { code } = await bundleForBrowser(new URL('./main.ts', import.meta.url).pathname);
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', html],
    '/index.html': ['text/html; charset=utf-8', html],
    '/main.js': ['text/javascript; charset=utf-8', code],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 8090, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const game = arg('server') ?? 'ws://localhost:8080';
  const example = await servePongExample({ port: Number(arg('port') ?? 8090) });
  console.log(`pong example: open ${example.url}?server=${encodeURIComponent(game)}  (the game server: npm start)`);
}
