import t from 'tap';
import { readFileSync } from 'node:fs';
import { CONFIG_TABLE_BEGIN, CONFIG_TABLE_END, renderConfigTable, withConfigTable } from '../../src/config/config-table.js';
import { renderWireFamilies } from '../../src/protocol/render-docs.js';
import { sessionTypes } from '../../src/sessions/index.js';
import { catalogOf } from '../../src/sessions/session-catalog.js';

const { wireFamilies, configSections } = catalogOf(sessionTypes);
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

t.test('docs: the committed protocol reference matches the codecs (run `npm run docs` if not)', async (t) => {
  for (const [file, content] of renderWireFamilies(wireFamilies)) {
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
  for (const [file, content] of renderWireFamilies(wireFamilies)) {
    t.match(content, /## Error codes/, file);
  }
});

t.test("docs: the README's configuration table matches the config sections (run `npm run docs` if not)", async (t) => {
  t.ok(readme.includes(CONFIG_TABLE_BEGIN) && readme.includes(CONFIG_TABLE_END), 'README.md has the table markers');
  t.equal(readme, withConfigTable(readme, renderConfigTable(configSections)), 'README.md configuration table is up to date');
});

t.test('docs: every variable any section reads is in the README, once', async (t) => {
  const table = readme.slice(readme.indexOf(CONFIG_TABLE_BEGIN), readme.indexOf(CONFIG_TABLE_END));
  for (const section of configSections) {
    for (const setting of section.settings) {
      const rows = table.split('\n').filter((line) => line.startsWith(`| \`${setting.env}\` |`));
      t.equal(rows.length, 1, `${setting.env} (${section.key}) has one row`);
    }
  }
});

t.test('config: a section reads exactly the variables it declares (and NODE_ENV), so the table is the whole truth', async (t) => {
  for (const section of configSections) {
    const read = new Set<string>();
    const env = new Proxy({} as Record<string, string | undefined>, {
      get: (_, name) => (typeof name === 'string' && read.add(name), undefined),
    });
    section.load(env);
    const declared = new Set(section.settings.map((s) => s.env));
    t.same([...read].filter((name) => !declared.has(name) && name !== 'NODE_ENV'), [], `${section.key} reads nothing undeclared`);
    t.same([...declared].filter((name) => !read.has(name)), [], `${section.key} reads every variable it declares`);
  }
});
