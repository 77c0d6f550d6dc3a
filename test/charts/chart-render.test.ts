import t, { type Test } from 'tap';

type Tap = Test;
import type { Box, ChartLayout } from '../../src/charts/layout.js';
import { registeredMachines } from '../../src/charts/machine-registry.js';
import { renderChart, type RenderedChart } from '../../src/charts/render-chart.js';
import { fixtureMachine } from './fixture-machine.js';

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What every chart must satisfy: everything drawn, nothing on top of anything else. */
async function checkChart(t: Tap, chart: RenderedChart) {
  const { model, layout, svg } = chart;
  for (const state of model.states) t.ok(svg.includes(`data-state-id="${attr(state.id)}"`), `${state.id} is drawn with its state node id`);
  const drawn = new Set([
    ...layout.edges.flatMap((edge) => edge.transitions ?? (edge.transition ? [edge.transition] : [])),
    ...layout.routers.flatMap((router) => router.transitions),
  ]);
  const missing = model.transitions.filter((tr) => tr.targets.length > 0 && !drawn.has(tr.id)).map((tr) => tr.id);
  t.same(missing, [], 'every transition with a target is drawn: an arrow, a grouped arrow or a routing line');
  for (const edge of layout.edges.filter((e) => e.transition)) t.ok(svg.includes(`data-transition-id="${attr(edge.transition!)}"`), `${edge.id} is in the SVG`);
  for (const transition of model.transitions.filter((tr) => tr.targets.length === 0)) {
    const placed = layout.states.find((s) => s.id === transition.source)!;
    t.ok(placed.reactions.some((line) => line.startsWith(`${transition.trigger}`)), `${transition.source} lists its ${transition.trigger} reaction`);
  }
  checkGeometry(t, layout);
}

function checkGeometry(t: Tap, layout: ChartLayout) {
  const leaves = layout.states.filter((s) => !s.container);
  const labels = layout.edges.flatMap((e) => (e.label ? [{ id: e.id, ...e.label }] : []));
  const clashes: string[] = [];
  labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => overlaps(a, b) && clashes.push(`label ${a.id} / label ${b.id}`)));
  for (const label of labels) for (const leaf of leaves) if (overlaps(label, leaf)) clashes.push(`label ${label.id} / state ${leaf.id}`);
  leaves.forEach((a, i) => leaves.slice(i + 1).forEach((b) => overlaps(a, b) && clashes.push(`state ${a.id} / state ${b.id}`)));
  t.same(clashes, [], 'no label overlaps another label or a state, no states overlap');
  const byId = new Map(layout.states.map((s) => [s.id, s]));
  const misplaced = layout.states.filter((s) => {
    const parentId = s.id.includes('.') ? s.id.slice(0, s.id.lastIndexOf('.')) : undefined;
    const parent = parentId ? byId.get(parentId) : undefined;
    return parent && !inside(s, parent);
  });
  t.same(misplaced.map((s) => s.id), [], 'every state sits inside its parent');
  t.ok(layout.edges.every((e) => e.points.length >= 2), 'every edge is routed');
}

t.test('charts: every registered machine is drawn completely and legibly', async (t) => {
  const machines = await registeredMachines();
  t.ok(machines.length > 0, 'session types register machines');
  for (const { session, kind, machine } of machines) {
    await t.test(`${kind} (session ${session})`, async (t) => {
      const chart = await renderChart(machine, { session, kind });
      await checkChart(t, chart);
      const again = await renderChart(machine, { session, kind });
      t.equal(again.svg, chart.svg, 'drawing the same machine twice gives the same SVG byte for byte');
      t.equal(again.json, chart.json, 'and the same JSON');
      t.same(JSON.parse(chart.json), chart.model, 'the JSON export is the chart model');
    });
  }
});

t.test('charts: nested and parallel regions, finals, history and delays are drawn', async (t) => {
  const chart = await renderChart(fixtureMachine, { session: 'fixture', kind: 'table' });
  await checkChart(t, chart);
  const { svg, layout } = chart;
  t.match(svg, /class="state compound container [^"]*region" data-state-id="table.playing.betting"/, 'a region of a parallel state is drawn as a (dashed) region');
  t.match(svg, /class="state final" data-state-id="table.closed">.*class="inner"/, 'a final state has a double border');
  t.match(svg, /data-state-id="table.playing.history">.*>H\*<\/text>/, 'a deep history state reads H*');
  t.match(svg, /data-event="xstate.after.turnTimeout.table.playing.betting.preflop"/, 'delayed transitions are drawn');
  t.match(svg, />after turnTimeout</, 'with their delay in the label');
  t.match(svg, /<tspan class="guard">\[enoughPlayers &amp;&amp; !tableFull\]<\/tspan>/, 'guards are shown in brackets, combinators spelled out');
  t.match(svg, /\[context.players === 0\]/, 'an inline guard shows its expression');
  t.equal(layout.initials.length, 3, 'an initial dot in each compound state (root, betting, clock)');
  const root = layout.states.find((s) => s.id === 'table')!;
  t.same(root.reactions, ['CHAT'], 'the root lists its own targetless reactions');
});

t.test('charts: a transition shared by many states is one arrow, a many-to-many router one line', async (t) => {
  const { createMachine } = await import('xstate');
  const phases = ['a', 'b', 'c', 'd'] as const;
  const router = createMachine({
    id: 'router',
    initial: 'idle',
    types: {} as { context: { phase: string } },
    context: { phase: 'a' },
    states: {
      idle: { on: { GO: 'game' } },
      game: {
        initial: 'a',
        on: { RESET: '#router.idle' },
        states: Object.fromEntries(
          phases.map((phase) => [phase, { on: { ABORT: '#router.idle' }, always: phases.map((to) => ({ guard: 'inPhase', target: to, reenter: true })) }]),
        ),
      },
    },
  }).provide({ guards: { inPhase: () => false } });
  const chart = await renderChart(router, { session: 'router', kind: 'router' });
  await checkChart(t, chart);
  const abort = chart.layout.edges.filter((e) => chart.model.transitions.find((tr) => tr.id === e.transition)?.event === 'ABORT');
  t.equal(abort.length, 1, 'ABORT, defined in the four phases, is one arrow');
  t.match(abort[0], { source: 'router.game', target: 'router.idle', sources: ['router.game.a', 'router.game.b', 'router.game.c', 'router.game.d'] });
  t.same(abort[0].label?.lines, ['ABORT', 'from any state in game'], 'saying where it applies');
  t.equal(chart.layout.routers.length, 1, 'the phase router is one routing line');
  t.same(chart.layout.routers[0].targets, ['a', 'b', 'c', 'd']);
  t.equal(chart.layout.routers[0].transitions.length, 16, 'standing for every one of its 16 transitions');
  const game = chart.layout.states.find((s) => s.id === 'router.game')!;
  t.match(game.reactions.map((line) => line.trim()).join(' '), /^always \[inPhase\] → from any state in game, to: a \| b \| c \| d/);
  t.equal(chart.layout.edges.filter((e) => e.kind === 'transition').length, 3, 'arrows: GO, RESET and the grouped ABORT');
});
