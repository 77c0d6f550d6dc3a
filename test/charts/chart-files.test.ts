import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { chartFiles, CHARTS_DIR } from '../../src/charts/chart-files.js';

const dir = join(import.meta.dirname, '..', '..', CHARTS_DIR);
const committed = (name: string) => {
  try {
    return readFileSync(join(dir, name), 'utf8');
  } catch {
    return undefined;
  }
};

t.test('charts: the committed charts in docs/charts match the machines (run `npm run charts` when this fails)', async (t) => {
  const files = await chartFiles();
  for (const file of files) {
    const current = committed(file.name);
    t.ok(current !== undefined, `${CHARTS_DIR}/${file.name} exists`);
    // Compare without printing two whole SVGs on failure: name the first differing line.
    if (current !== undefined && current !== file.content) {
      const a = current.split('\n');
      const b = file.content.split('\n');
      const line = a.findIndex((text, i) => text !== b[i]);
      t.fail(`${CHARTS_DIR}/${file.name} is stale (first difference at line ${line + 1}): run \`npm run charts\` and commit the result`);
    } else if (current !== undefined) t.pass(`${CHARTS_DIR}/${file.name} is up to date`);
  }
  const wanted = new Set(files.map((f) => f.name));
  const orphans = readdirSync(dir).filter((name) => /\.(svg|json)$/.test(name) && !wanted.has(name));
  t.same(orphans, [], 'no chart of a machine that is no longer registered');
});

t.test('charts: the staleness check notices a changed machine', async (t) => {
  const { registeredMachines } = await import('../../src/charts/machine-registry.js');
  const [first] = await registeredMachines();
  const changed = first.machine.root.machine.provide({});
  // A machine with one more state must not match the committed chart.
  const { createMachine } = await import('xstate');
  const grown = createMachine({ ...(changed.config as object), states: { ...(changed.config.states ?? {}), extra: {} } } as never);
  const [svg] = await chartFiles([{ ...first, machine: grown }]);
  t.not(svg.content, committed(`${first.kind}.svg`), 'an added state changes the SVG');
});
