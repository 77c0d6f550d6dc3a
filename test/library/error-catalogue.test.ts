import t from 'tap';
import { readFileSync } from 'node:fs';
import * as io from 'io-ts';
import { LibraryErrorCode } from '../../src/sessions/library/errors.js';
import { libraryClientCodecs, LibraryClientMessage } from '../../src/protocol/library.js';
import { EVENT_GROUPS } from '../../src/sessions/library/subscriptions.js';

const docs = readFileSync(new URL('../../docs/library.md', import.meta.url), 'utf8');

t.test('library docs: every error code and every subscribable event is documented', async (t) => {
  for (const code of Object.keys(LibraryErrorCode)) t.match(docs, new RegExp(`\\| \`${code}\` \\|`), `${code} is in the error table`);
  for (const [group, events] of Object.entries(EVENT_GROUPS)) {
    t.match(docs, new RegExp(`\\| \`${group}\` \\|`), `group ${group} is documented`);
    for (const e of events) t.ok(docs.includes(`\`${e}\``) || docs.includes(`- \`${e} `), `${e} is documented`);
  }
  for (const codec of libraryClientCodecs) t.ok(docs.includes(`| \`${codec.name}\` |`), `client message ${codec.name} is documented`);
});

t.test('library protocol: the client union dispatches on its literal tag', async (t) => {
  t.ok(LibraryClientMessage instanceof io.UnionType);
  t.equal(libraryClientCodecs.length, 4);
});
