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

/**
 * The charts of the running server's machines, drawn once on first use (ELK takes a
 * moment for a large machine; the server should not wait for it to start).
 */
export function createChartCatalog(machines: readonly RegisteredMachine[]) {
  let drawn: Promise<ChartType[]> | undefined;
  return {
    types(): Promise<ChartType[]> {
      drawn ??= Promise.all(
        machines.map(async ({ session, kind, machine }) => {
          const chart = await renderChart(machine, { session, kind });
          return { session, kind, machine: chart.model.machine, states: chart.model.states.map((s) => s.id), svg: chart.svg };
        }),
      ).catch((error) => {
        drawn = undefined; // try again on the next request
        throw error;
      });
      return drawn;
    },
  };
}

export type ChartCatalog = ReturnType<typeof createChartCatalog>;
