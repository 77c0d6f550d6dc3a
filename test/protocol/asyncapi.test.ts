import t from 'tap';
import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { isRight } from 'fp-ts/lib/Either.js';
import { renderAsyncApiDocuments } from '../../src/protocol/asyncapi.js';
import { exampleOf } from '../../src/protocol/asyncapi-example.js';
import { sessionTypes } from '../../src/sessions/index.js';
import { catalogOf } from '../../src/sessions/session-catalog.js';
import { startServer } from '../support/server.js';

const { wireFamilies } = catalogOf(sessionTypes);
const documents = renderAsyncApiDocuments(wireFamilies);
const committed = (file: string) => {
  try {
    return readFileSync(new URL(`../../docs/asyncapi/${file}`, import.meta.url), 'utf8');
  } catch {
    return '';
  }
};

t.test('asyncapi: the committed documents match the codecs (run `npm run docs` if not)', async (t) => {
  t.same(documents.map(([file]) => file).sort(), ['channel.yaml', 'library.yaml', 'mafia.yaml', 'opponent.yaml', 'poker.yaml', 'pong.yaml']);
  for (const [file, content] of documents) t.equal(committed(file), content, `docs/asyncapi/${file} is up to date`);
});

t.test('asyncapi: every document is valid AsyncAPI 3.0 for @asyncapi/parser, with every message of its codecs', async (t) => {
  const parser = new Parser();
  for (const [file, content] of documents) {
    const { document, diagnostics } = await parser.parse(content);
    const problems = diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    t.same(problems, [], `${file}: no errors or warnings`);
    t.ok(document, `${file} parsed`);
    const family = wireFamilies.find((f) => `${f.name}.yaml` === file)!;
    const names = document!.allMessages().all().map((m) => m.name());
    t.equal(names.length, family.client.length + family.server.length, `${file}: one message per codec`);
    t.equal(document!.operations().filterByReceive().length, family.client.length, `${file}: the server receives each client message`);
    t.equal(document!.operations().filterBySend().length, family.server.length, `${file}: and sends each server event`);
  }
});

t.test('asyncapi: the server serves each document at /asyncapi/<family>.yaml', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  for (const [file, content] of documents) {
    const res = await fetch(`${srv.url}/asyncapi/${file}`);
    t.equal(res.status, 200, file);
    t.match(res.headers.get('content-type'), /yaml/);
    t.equal(await res.text(), content, `${file} as committed`);
  }
  t.equal((await fetch(`${srv.url}/asyncapi/nope.yaml`)).status, 404, 'an unknown family is 404');
});

t.test('asyncapi: each message example is one its codec decodes; only hand-written decoders go without', async (t) => {
  const missing: string[] = [];
  for (const family of wireFamilies) {
    for (const codec of [...family.client, ...family.server]) {
      const example = exampleOf(codec);
      if (example === undefined) missing.push(`${family.name}: ${codec.name}`);
      else t.ok(isRight(codec.decode(example)), `${family.name}: ${codec.name.slice(0, 60)}`);
    }
  }
  t.same(missing, ['mafia: SUBMIT_NIGHT_ACTION'], 'the night action (rules per action type) has no generated example');
});
