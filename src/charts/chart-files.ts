import { registeredMachines, type RegisteredMachine } from './machine-registry.js';
import { renderChart } from './render-chart.js';

/** Where `npm run charts` writes, relative to the repository root. */
export const CHARTS_DIR = 'docs/charts';

/** One generated file: `<kind>.svg` or `<kind>.json`. */
export interface ChartFile {
  name: string;
  kind: string;
  content: string;
}

/** The files `npm run charts` writes for these machines (default: every registered one), in a stable order. */
export async function chartFiles(machines?: readonly RegisteredMachine[]): Promise<ChartFile[]> {
  const files: ChartFile[] = [];
  for (const { session, kind, machine } of machines ?? registeredMachines()) {
    const chart = await renderChart(machine, { session, kind });
    files.push({ name: `${kind}.svg`, kind, content: chart.svg }, { name: `${kind}.json`, kind, content: chart.json });
  }
  return files;
}
