/**
 * `npm run docs`: renders docs/protocol/<family>.md from the io-ts codecs, so the
 * message reference cannot drift from the code (a test fails when it is stale).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderWireFamilies } from '../src/protocol/render-docs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'docs', 'protocol');
mkdirSync(outDir, { recursive: true });
for (const [file, content] of renderWireFamilies()) {
  writeFileSync(join(outDir, file), content);
  console.log(`wrote docs/protocol/${file}`);
}
