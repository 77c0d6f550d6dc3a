import t from 'tap';
import { readFileSync } from 'node:fs';
import { renderWireFamilies } from '../../src/protocol/render-docs.js';

t.test('docs: the committed protocol reference matches the codecs (run `npm run docs` if not)', async (t) => {
  for (const [file, content] of renderWireFamilies()) {
    let committed = '';
    try {
      committed = readFileSync(new URL(`../../docs/protocol/${file}`, import.meta.url), 'utf8');
    } catch {
      // missing: reported below
    }
    t.equal(committed, content, `docs/protocol/${file} is up to date`);
  }
});

t.test('docs: every error code of every family is documented', async (t) => {
  for (const [file, content] of renderWireFamilies()) {
    t.match(content, /## Error codes/, file);
  }
});
