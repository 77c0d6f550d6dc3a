import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const root = new URL('../..', import.meta.url).pathname;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  wsUrl(path: string): string;
  /** kill -9: no shutdown hook runs, nothing is flushed. */
  crash(): Promise<void>;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The server as `npm start` runs it, in its own process on `dataDir` (a test helper);
 * `entry` runs another script in its place (`test/durability/crash-between.ts`).
 */
export async function startServerProcess(dataDir: string, env: Record<string, string> = {}, entry = 'src/main.ts'): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      JWT_SECRET: 'durability-test-secret',
      // Periodic snapshots out of the way: what survives a crash is the journal's doing.
      SNAPSHOT_EVERY_MS: '600000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += line + '\n';
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`server exited before listening: ${output}`)));
  });
  return {
    child,
    url,
    wsUrl: (path) => url.replace(/^http/, 'ws') + path,
    exited,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
