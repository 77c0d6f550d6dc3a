import type { AnyStateMachine } from 'xstate';
import { chartModelOf, type ChartModel } from './chart-model.js';
import { layoutChart, type ChartLayout } from './layout.js';
import { renderSvg } from './svg.js';

/** A chart ready to write or serve: the machine's structure, its layout, the SVG and the JSON export. */
export interface RenderedChart {
  model: ChartModel;
  layout: ChartLayout;
  svg: string;
  /** The JSON export (`docs/charts/<kind>.json`), pretty-printed with a trailing newline. */
  json: string;
}

/** Draw one machine: walk its definition, lay it out with ELK, write SVG and JSON. Deterministic. */
export async function renderChart(machine: AnyStateMachine, names: { session: string; kind: string }): Promise<RenderedChart> {
  const model = chartModelOf(machine, names);
  const layout = await layoutChart(model);
  return { model, layout, svg: renderSvg(model, layout), json: `${JSON.stringify(model, null, 2)}\n` };
}
