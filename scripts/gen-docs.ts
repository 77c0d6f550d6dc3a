/**
 * `npm run docs`: renders docs/protocol/<family>.md and docs/asyncapi/<family>.yaml
 * (AsyncAPI 3.0) from the io-ts codecs, and the
 * README's configuration table from the config sections, both from the server's one
 * list of session types, so neither can drift from the code (a test fails when either
 * is stale).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigTable, withConfigTable } from '../src/config/config-table.js';
import { renderAsyncApiDocuments } from '../src/protocol/asyncapi.js';
import { renderWireFamilies } from '../src/protocol/render-docs.js';
import { sessionTypes } from '../src/sessions/index.js';
import { catalogOf } from '../src/sessions/session-catalog.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { wireFamilies, configSections } = catalogOf(sessionTypes);

const outDir = join(root, 'docs', 'protocol');
mkdirSync(outDir, { recursive: true });
for (const [file, content] of renderWireFamilies(wireFamilies)) {
  writeFileSync(join(outDir, file), content);
  console.log(`wrote docs/protocol/${file}`);
}

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const updated = withConfigTable(readme, renderConfigTable(configSections));
if (updated !== readme) writeFileSync(readmePath, updated);
console.log(`README.md: configuration table ${updated === readme ? 'up to date' : 'rewritten'}`);

const asyncApiDir = join(root, 'docs', 'asyncapi');
mkdirSync(asyncApiDir, { recursive: true });
for (const [file, content] of renderAsyncApiDocuments(wireFamilies)) {
  writeFileSync(join(asyncApiDir, file), content);
  console.log(`wrote docs/asyncapi/${file}`);
}
