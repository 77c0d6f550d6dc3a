import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { chartModelOf } from './chart-model.js';
import type { RegisteredMachine } from './machine-registry.js';
import { renderChart } from './render-chart.js';

/** A session type's machine as `/charts/api/types` lists it. */
export interface ChartType {
  session: string;
  kind: string;
  machine: string;
  /** Every state node id, in definition order. */
  states: string[];
  svg: string;
}

/** Where `npm run charts` keeps the committed charts. */
const COMMITTED = fileURLToPath(new URL('../../docs/charts/', import.meta.url));

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * The charts of the running server's machines, prepared once on first use. ELK runs on
 * the main thread (about a second for a large machine), so a chart is laid out only when
 * the committed one is not for this machine: when `docs/charts/<kind>.json` equals the
 * machine's model, `docs/charts/<kind>.svg` is its drawing (both come from
 * `npm run charts`, and a test keeps them current). Between two layouts the event loop
 * gets a turn.
 */
export function createChartCatalog(machines: readonly RegisteredMachine[], options: { committedDir?: string } = {}) {
  const dir = options.committedDir ?? COMMITTED;
  let prepared: Promise<ChartType[]> | undefined;

  const prepare = async (): Promise<ChartType[]> => {
    const types: ChartType[] = [];
    for (const { session, kind, machine } of machines) {
      const model = chartModelOf(machine, { session, kind });
      const json = `${JSON.stringify(model, null, 2)}\n`;
      const committed = read(join(dir, `${kind}.json`)) === json ? read(join(dir, `${kind}.svg`)) : undefined;
      let svg = committed;
      if (svg === undefined) {
        await nextTurn();
        svg = (await renderChart(machine, { session, kind })).svg;
      }
      types.push({ session, kind, machine: model.machine, states: model.states.map((s) => s.id), svg });
    }
    return types;
  };

  return {
    types(): Promise<ChartType[]> {
      prepared ??= prepare().catch((error) => {
        prepared = undefined; // try again on the next request
        throw error;
      });
      return prepared;
    },
  };
}

export type ChartCatalog = ReturnType<typeof createChartCatalog>;
