import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { bundleForBrowser } from '../../clients/typescript/build.js';

const root = join(import.meta.dirname, '..', '..');

t.test('sdk bundle: esbuild bundles the SDK for the browser from the codecs, with nothing Node-only in it', async (t) => {
  const { code, inputs } = await bundleForBrowser(join(root, 'clients/typescript/src/index.ts'));
  const allowed = [/^clients\/typescript\/src\//, /^src\/protocol\//, /^src\/config\//, /^machines\/[a-z]+\/errors\.ts$/, /node_modules\/(io-ts|fp-ts)\//];
  t.same(inputs.filter((input) => !allowed.some((re) => re.test(input))), [], `every input is the SDK, its codecs, io-ts or fp-ts (${inputs.length} files)`);
  t.ok(inputs.some((input) => /node_modules\/fp-ts\//.test(input)), 'fp-ts is inlined');
  t.notMatch(code, /\brequire\(\s*["'](node:)?(fs|path|os|crypto|net|http|child_process)["']\s*\)/, 'no require of a Node built-in');
  t.match(code, /export\s*\{[^}]*PongClient/, 'an ES module exporting the clients');
});

t.test('sdk bundle: a Node built-in reaching the browser bundle fails the build', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-bundle-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n");
  await t.rejects(bundleForBrowser(entry), /node:fs/, 'esbuild refuses node:fs for the browser');
});

t.test('examples/pong-browser: its page bundles for the browser', async (t) => {
  const { code, inputs } = await bundleForBrowser(join(root, 'examples/pong-browser/main.ts'));
  t.ok(inputs.includes('examples/pong-browser/main.ts') && inputs.includes('clients/typescript/src/routes/pong.ts'), 'the page and the SDK pong client');
  t.ok(code.length > 0);
});
