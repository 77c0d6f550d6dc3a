import t from 'tap';
import { spawn } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

t.test('crash bench: 10 kill -9s of the real server with bots on every session type lose nothing acknowledged', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/crash.ts', '--crashes', '10', '--seed', '12', '--min-ms', '50', '--max-ms', '400'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  t.equal(code, 0, code === 0 ? 'exits 0' : output);
  t.match(output, /^crashes: 10, lost: 0\b/m);
  for (const family of ['channel messages', 'poker chips', 'mafia games', 'pong calibrations', 'library syncs']) {
    t.match(output, new RegExp(`^${family}\\s+checked\\s+[1-9]\\d*\\s+lost 0$`, 'm'), `${family}: checked and nothing lost`);
  }
});
