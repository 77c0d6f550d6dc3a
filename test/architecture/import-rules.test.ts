import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The layering of docs/architecture.md, read off the source: every `import … from` and
// `export … from` of every file, resolved to the layer it lands in.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

type Layer = 'machines' | 'contract' | 'bus' | 'protocol' | 'store' | 'runtime' | 'gateway' | 'sessions' | 'cluster' | 'other-src';

/** What each layer must never import (a layer not listed here is unconstrained). */
const FORBIDDEN: Partial<Record<Layer, readonly Layer[]>> = {
  machines: ['bus', 'protocol', 'store', 'runtime', 'gateway', 'sessions', 'other-src'],
  contract: ['machines', 'bus', 'protocol', 'store', 'runtime', 'gateway', 'sessions', 'other-src'],
  bus: ['gateway', 'runtime', 'sessions', 'store', 'protocol'],
  protocol: ['gateway', 'runtime', 'store', 'sessions', 'bus'],
  store: ['gateway', 'runtime', 'sessions', 'bus', 'protocol'],
  gateway: ['machines', 'sessions'],
  runtime: ['gateway', 'sessions'],
  // Leases, placement, the NATS transport's wiring: the contract, bus and store types, config; never a game or a socket.
  cluster: ['machines', 'gateway', 'sessions'],
};

const MAX_LINES = 500;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules') return []; // bench/peers installs its own
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function layerOf(file: string): Layer | undefined {
  const path = relative(root, file);
  if (path.startsWith('machines/')) return 'machines';
  const match = /^src\/([^/]+)\//.exec(path);
  if (!match) return undefined;
  const top = match[1];
  if (['contract', 'bus', 'protocol', 'store', 'runtime', 'gateway', 'sessions', 'cluster'].includes(top)) return top as Layer;
  return 'other-src';
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
}

const sources = [...filesUnder(join(root, 'src')), ...filesUnder(join(root, 'machines'))];

t.test('each layer imports only what docs/architecture.md allows', async (t) => {
  const violations: string[] = [];
  for (const file of sources) {
    const from = layerOf(file);
    const forbidden = from && FORBIDDEN[from];
    if (!forbidden) continue;
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) continue;
      const to = layerOf(resolve(dirname(file), specifier));
      if (to && to !== from && forbidden.includes(to)) violations.push(`${relative(root, file)} (${from}) imports ${specifier} (${to})`);
    }
  }
  t.same(violations, [], 'no import crosses a forbidden layer boundary');
});

t.test('machines import nothing but xstate, the contract and their own helpers', async (t) => {
  const violations: string[] = [];
  for (const file of sources.filter((f) => layerOf(f) === 'machines')) {
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('.')) continue;
      if (specifier === 'xstate' || specifier.startsWith('node:crypto')) continue;
      violations.push(`${relative(root, file)} imports ${specifier}`);
    }
  }
  t.same(violations, [], 'machines use no package but xstate (and node:crypto for the deck)');
});

t.test('the SQLite driver is imported only by src/store', async (t) => {
  const everything = [...sources, ...filesUnder(join(root, 'test')), ...filesUnder(join(root, 'bench')), ...filesUnder(join(root, 'scripts'))];
  const users = everything
    .filter((file) => importsOf(file).includes('better-sqlite3'))
    .map((file) => relative(root, file))
    .filter((path) => !path.startsWith('src/store/'));
  t.same(users, [], 'better-sqlite3 stays behind the store seam');
});

t.test(`no source file in src/ or machines/ is over ${MAX_LINES} lines`, async (t) => {
  const long = sources
    .map((file) => ({ file: relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length }))
    .filter(({ lines }) => lines > MAX_LINES)
    .map(({ file, lines }) => `${file}: ${lines} lines`);
  t.same(long, [], 'every source file holds one concept');
});

t.test('the rules above can fail: a forbidden import is caught', async (t) => {
  // Guard against a regex that silently matches nothing.
  const runtimeHost = sources.filter((f) => layerOf(f) === 'runtime');
  t.ok(runtimeHost.length > 0, 'runtime sources are found');
  const allImports = sources.flatMap(importsOf);
  t.ok(allImports.some((s) => s.includes('contract/index.js')), 'imports of the contract are read');
  t.equal(layerOf(join(root, 'machines/poker/hand.ts')), 'machines');
  t.equal(layerOf(join(root, 'src/gateway/x.ts')), 'gateway');
  t.same(importsOf(join(root, 'test/architecture/import-rules.test.ts')).filter((s) => s === 'tap'), ['tap']);
});
