import t from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entry = join(root, 'clients/typescript/src/index.ts');

/** Every file the SDK's entry reaches through value imports, and every package it names. */
function graph() {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    // `import type` / `export type` never reach the bundle; everything else does.
    for (const [, typeOnly, spec] of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?from\s+)?['"]([^'"]+)['"]/gm)) {
      if (typeOnly) continue;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => relative(root, f)).sort(), packages: [...packages].sort() };
}

t.test('sdk: the client imports only itself, src/protocol, pure config and error catalogues: no server code, nothing Node-only', async (t) => {
  const { files, packages } = graph();
  const allowed = [/^clients\/typescript\/src\//, /^src\/protocol\//, /^src\/config\/(config-section|env|setting|mafia|channel)\.ts$/, /^machines\/[a-z]+\/errors\.ts$/];
  t.same(files.filter((f) => !allowed.some((re) => re.test(f))), [], `only allowed files (${files.length} in all)`);
  t.same(packages.filter((p) => !/^(io-ts|fp-ts)(\/|$)/.test(p)), [], 'only io-ts and fp-ts as packages (no uWS, SQLite, node:*)');
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    t.notMatch(text, /\bprocess\.env\b|\bBuffer\b|\brequire\(/, `${file} uses no Node-only globals`);
  }
});
