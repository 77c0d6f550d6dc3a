import { loadConfig } from './config/index.js';
import { createServer } from './server.js';

const config = loadConfig();
let server: Awaited<ReturnType<typeof createServer>>;
try {
  server = await createServer({ config });
} catch (error) {
  console.error(`actorcade: cannot start: ${(error as Error).message}`);
  process.exit(1);
}
const port = await server.listen();
if (config.jwtSecretGenerated) {
  console.error('actorcade: JWT_SECRET is not set; using a random secret for this run (tokens die with the process)');
}
console.log(`listening on http://${config.host}:${port}`);
// Printed once: beyond loopback the link carries the only admin credential that needs no JWT.
if (server.chartsUrl) console.log(`charts: ${server.chartsUrl}`);
if (server.playgroundUrl) console.log(`playground: ${server.playgroundUrl}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    try {
      await server.close();
      process.exit(0);
    } catch (error) {
      console.error(`actorcade: shutdown failed: ${(error as Error).message}`);
      process.exit(1);
    }
  });
}
