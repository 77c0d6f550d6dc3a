/**
 * `npm run cluster [-- --nodes 2] [--port 8080]`: a local cluster for trying things out — a throwaway
 * nats-server (JetStream) and PostgreSQL, and N server nodes on consecutive ports (PORT, PORT+1, …), each
 * `npm start` in cluster mode. Prints their addresses; Ctrl-C stops the nodes (gracefully), then NATS and
 * PostgreSQL, and removes their data. Needs `nats-server` and PostgreSQL's server binaries (see README).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { launchNats } from '../test/support/nats-server.js';
import { postgresUnavailable, sharedPostgres } from '../test/support/postgres.js';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '2' }, port: { type: 'string', default: process.env.PORT ?? '8080' } } });
const count = Number(values.nodes);
const basePort = Number(values.port);
if (!Number.isInteger(count) || count < 1 || count > 16) throw new Error('--nodes: expected 1..16');
if (!Number.isInteger(basePort) || basePort < 1 || basePort + count > 65_536) throw new Error('--port: expected a port number');
const unavailable = postgresUnavailable();
if (unavailable) {
  console.error(`npm run cluster: ${unavailable}`);
  process.exit(1);
}

const root = new URL('..', import.meta.url).pathname;
const nats = await launchNats();
const pg = await sharedPostgres();
const databaseUrl = await pg.createDatabase('actorcade');
// One secret of each kind for the whole cluster: every node must open the others' snapshots and tokens.
const shared = {
  NATS_URL: nats.url,
  DATABASE_URL: databaseUrl,
  STORE_SECRET: process.env.STORE_SECRET ?? randomBytes(32).toString('hex'),
  JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('hex'),
};
console.log(`nats:       ${nats.url}`);
console.log(`postgresql: ${databaseUrl}`);

const children: ChildProcess[] = [];
function startNode(i: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...shared, PORT: String(basePort + i), CLUSTER_NODE_ID: `node${i + 1}-${randomBytes(3).toString('hex')}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const tag = `[node ${i + 1}]`;
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(d.toString().replace(/^(?=.)/gm, `${tag} `)));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const listening = /^listening on (\S+)$/.exec(line);
      if (listening) resolve(listening[1]);
      else if (!line.startsWith('{') || process.env.LOG_LEVEL) console.log(`${tag} ${line}`);
    });
    child.once('exit', (code) => reject(new Error(`${tag} exited with ${code} before listening`)));
  });
}

let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('stopping the nodes (SIGTERM: snapshots, leases released, sockets closed 1001), then NATS and PostgreSQL…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await nats.destroy();
  await pg.destroy();
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  for (let i = 0; i < count; i++) console.log(`node ${i + 1}:     ${await startNode(i)}`);
} catch (error) {
  if (!stopping) console.error((error as Error).message);
  await stopAll(1);
}
if (!stopping) console.log(`${count} node${count === 1 ? '' : 's'} up; any node serves any client. Ctrl-C stops everything.`);
