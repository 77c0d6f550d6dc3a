import t from 'tap';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../support/server.js';

const root = join(import.meta.dirname, '..', '..');

t.test("readme: the quick start's SDK example runs as written against a server", async (t) => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### With the client SDK'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  t.ok(code, 'the section has a TypeScript example');
  const srv = await startServer();
  t.teardown(() => srv.close());
  // The same file, at the repository root as the example says; only the port differs.
  const file = join(root, `.readme-example-${process.pid}.ts`);
  writeFileSync(file, code!.replaceAll('localhost:8080', `127.0.0.1:${srv.port}`));
  t.teardown(() => rmSync(file, { force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill());
  let out = '';
  child.stderr.on('data', (chunk) => (out += chunk));
  const seated = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (/seated at \d/.test(out)) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`example exited with ${code}: ${out}`)));
  });
  t.match(seated, /seated at 0/, 'it connects, sits and prints its seat');
});
