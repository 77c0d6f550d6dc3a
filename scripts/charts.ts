/**
 * `npm run charts`: draw every registered machine to `docs/charts/<kind>.svg` plus its
 * JSON export `docs/charts/<kind>.json`, and remove charts of kinds no longer registered.
 * `npm run charts -- --check` writes nothing and exits 1 if a committed chart is stale.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartFiles, CHARTS_DIR } from '../src/charts/chart-files.js';

const check = process.argv.includes('--check');
const dir = join(process.cwd(), CHARTS_DIR);
const files = await chartFiles();
const wanted = new Set(files.map((f) => f.name));
const stale: string[] = [];

if (!check) mkdirSync(dir, { recursive: true });
for (const file of files) {
  const path = join(dir, file.name);
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === file.content) continue;
  stale.push(file.name);
  if (!check) writeFileSync(path, file.content);
}
for (const name of safeList(dir)) {
  if (/\.(svg|json)$/.test(name) && !wanted.has(name)) {
    stale.push(`${name} (no such machine any more)`);
    if (!check) rmSync(join(dir, name));
  }
}

if (check) {
  if (stale.length > 0) {
    console.error(`stale charts in ${CHARTS_DIR}: ${stale.join(', ')}\nrun \`npm run charts\` and commit the result`);
    process.exit(1);
  }
  console.log(`${files.length} chart files up to date`);
} else {
  console.log(`${files.length / 2} machines charted in ${CHARTS_DIR}${stale.length ? `; updated: ${stale.join(', ')}` : '; nothing changed'}`);
}

function safeList(path: string): string[] {
  try {
    return readdirSync(path).sort();
  } catch {
    return [];
  }
}
