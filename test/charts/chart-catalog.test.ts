import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createChartCatalog } from '../../src/charts/chart-catalog.js';
import { chartModelOf } from '../../src/charts/chart-model.js';
import type { RegisteredMachine } from '../../src/charts/machine-registry.js';
import { fixtureMachine } from './fixture-machine.js';

const entry = { session: 'fixture', kind: 'table', machine: fixtureMachine, actor: { kind: 'table', machine: fixtureMachine } } as RegisteredMachine;

t.test('chart catalog: the committed chart is served when its JSON export matches the machine', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'charts-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'table.json'), `${JSON.stringify(chartModelOf(fixtureMachine, { session: 'fixture', kind: 'table' }), null, 2)}\n`);
  writeFileSync(join(dir, 'table.svg'), '<svg data-committed="yes"/>');
  const [type] = await createChartCatalog([entry], { committedDir: dir }).types();
  t.equal(type.svg, '<svg data-committed="yes"/>', 'no layout needed');
  t.equal(type.states.length, 13);
});

t.test('chart catalog: a machine that changed since `npm run charts` is laid out afresh', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'charts-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'table.json'), '{"format":"actorcade-chart/1","states":[]}\n');
  writeFileSync(join(dir, 'table.svg'), '<svg data-committed="yes"/>');
  const [type] = await createChartCatalog([entry], { committedDir: dir }).types();
  t.match(type.svg, /data-state-id="table.playing.betting.river"/, 'the drawing of the machine as it is now');
  const [none] = await createChartCatalog([entry], { committedDir: join(dir, 'missing') }).types();
  t.equal(none.svg, type.svg, 'and so is one with no committed chart');
});
