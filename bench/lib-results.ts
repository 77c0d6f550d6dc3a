/**
 * What a bench leaves in bench/results/: `<bench>.md` (its table, the machine, how to
 * re-run it), `<bench>.json` (the same figures as data, with each goal's target and
 * whether it was met) and its SVG charts. `npm run bench -- results` builds the README's
 * benchmark table from the JSON files only, so no figure there is typed by hand.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineInfo, root, type MachineInfo } from './lib-spawn.js';

export const resultsDir = join(root, 'bench', 'results');

/** One line of the README's table: a figure a bench prints, with its goal where it has one. */
export interface Figure {
  /** What is measured, as the README's table names it. */
  label: string;
  /** The figure as printed (units included). */
  value: string;
  /** The number compared with the target, when there is one. */
  number?: number;
  /** e.g. `≥ 0.35`; absent for figures without a goal (baselines, ceilings). */
  target?: string;
  met?: boolean;
}

export interface Result {
  bench: string;
  /** A check run: smaller or shorter than the bench's default size; its figures are not for quoting. */
  check: boolean;
  /** Why it is a check run (which flags were below the full size). */
  checkReason?: string;
  command: string;
  machine: MachineInfo;
  figures: Figure[];
}

/** A goal: the figure, its target and whether it holds (`NaN` never meets one). */
export function goal(label: string, value: string, number: number, op: '>=' | '<=' | '<', threshold: number, unit = ''): Figure {
  const met = Number.isFinite(number) && (op === '>=' ? number >= threshold : op === '<=' ? number <= threshold : number < threshold);
  return { label, value, number, target: `${op === '>=' ? '≥' : op === '<=' ? '≤' : '<'} ${threshold}${unit}`, met };
}

/** Flags that differ from a bench's full-size defaults, to mark a run as a check run. */
export function belowFullSize(used: Record<string, unknown>, full: Record<string, unknown>): string | undefined {
  const smaller = Object.entries(full).filter(([key, value]) => String(used[key]) !== String(value));
  return smaller.length ? smaller.map(([key]) => `--${key} ${used[key]}`).join(' ') : undefined;
}

export interface WriteOptions {
  bench: string;
  title: string;
  command: string;
  /** Why: what is measured and how, in a few lines of markdown. */
  method: string[];
  /** The bench's tables and summary lines, markdown. */
  body: string[];
  figures: Figure[];
  /** File name (without .svg) → SVG text. */
  charts: Record<string, string>;
  checkReason?: string;
  /** How long the full-size run takes, for the re-run line. */
  duration?: string;
}

export function writeResult(options: WriteOptions): string {
  mkdirSync(resultsDir, { recursive: true });
  const machine = machineInfo();
  const result: Result = {
    bench: options.bench,
    check: Boolean(options.checkReason),
    ...(options.checkReason ? { checkReason: options.checkReason } : {}),
    command: options.command,
    machine,
    figures: options.figures,
  };
  for (const [name, svg] of Object.entries(options.charts)) writeFileSync(join(resultsDir, `${name}.svg`), svg);
  const md = [
    `# ${options.title}`,
    '',
    ...(options.checkReason
      ? [`> **Check run, not a measurement**: ${options.checkReason} (below the full size). These figures only show the bench works; run the full size on a quiet machine before quoting any.`, '']
      : []),
    `Re-run: \`${options.command}\`${options.duration ? ` (full size: ${options.duration})` : ''}. Run it on a quiet machine (load average well under 1: no tests or other benches) and compare figures within one run only: they move by ±30% between runs on these VMs.`,
    '',
    `Machine: ${machine.cores} × ${machine.cpu}, Node ${machine.node}; load average at the end of the run ${machine.loadavg.join(', ')}; ${machine.date}.`,
    '',
    ...options.method,
    '',
    ...options.body,
    '',
    ...Object.keys(options.charts).map((name) => `![${name}](${name}.svg)`),
    '',
  ].join('\n');
  writeFileSync(join(resultsDir, `${options.bench}.md`), md);
  writeFileSync(join(resultsDir, `${options.bench}.json`), JSON.stringify(result, null, 2) + '\n');
  return join(resultsDir, `${options.bench}.md`);
}
