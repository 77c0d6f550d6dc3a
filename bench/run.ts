/**
 * `npm run bench -- <name> [flags]` runs `bench/<name>.ts`. Each bench prints its
 * table and figures; see README "Benchmarks".
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .filter((name) => !name.startsWith('lib-'));
const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [flags]`);
  process.exit(name ? 1 : 0);
}
const file = join(here, `${name}.ts`);
if (!existsSync(file)) process.exit(1);
process.argv.splice(2, 1);
await import(pathToFileURL(file).href);
