/**
 * `npm run bench -- store [--seconds S] [--concurrency C]`: repository operations per
 * second on the embedded SQLite store and on PostgreSQL, side by side. PostgreSQL is
 * `DATABASE_URL` when set (a fresh database it may fill), else a throwaway cluster the
 * bench starts (test/support/postgres.ts, fsync off: the figures measure the query path,
 * not the disk) and removes. Operations, each timed for S
 * seconds with C calls in flight:
 *
 * - channel: insert one message, then read the latest history page (50);
 * - library: a filtered game query (genre + minimum rating, sorted by rating, page of 20)
 *   over the 231-game fixture library;
 * - poker: a resume's identity lookup (touch the token, read the user's tables).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore, createSqliteStore, type Store } from '../src/store/index.js';
import { FIXTURE_NOW, fixtureRecords } from '../test/support/fixture-library.js';
import { sharedPostgres } from '../test/support/postgres.js';
import { writeResult } from './lib-results.js';

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) || fallback : fallback;
};
const seconds = flag('seconds', 3);
const concurrency = flag('concurrency', 1);

type Operation = (store: Store, i: number) => Promise<unknown>;

async function prepare(store: Store) {
  const at = new Date(FIXTURE_NOW).toISOString();
  await store.channels.saveChannel({ id: 'bench', name: 'bench', is_private: false, owner_id: 'ann', created_at: at }, ['ann']);
  await store.library.createLibrary({ id: 'lib', userId: 'ann', name: 'bench', platform: 'fixture', account: 'a', at });
  for (const record of fixtureRecords(1, 1)) await store.library.saveGame('lib', record, at);
  for (let u = 0; u < 1000; u++) {
    await store.poker.createSession(`token-${u}`, `user-${u}`, FIXTURE_NOW);
    await store.poker.noteTable(`user-${u}`, `t-${u % 10}`);
  }
}

const operations: Record<string, Operation> = {
  'channel: message insert + history page': async (store, i) => {
    await store.channels.insertMessage({ id: `m-${i}-${Math.random()}`, channel_id: 'bench', author_id: 'ann', content: `message ${i}`, created_at: new Date().toISOString(), edited_at: null });
    await store.channels.page('bench', { limit: 50 });
  },
  'library: game query with filters': (store) =>
    store.library.games({ libraryIds: ['lib'], genres: ['Action'], minMetacritic: 75, sort: 'metacritic', limit: 20, now: FIXTURE_NOW }),
  'poker: identity lookup (resume)': async (store, i) => {
    const user = i % 1000;
    await store.poker.touchSession(`token-${user}`, FIXTURE_NOW + i);
    await store.poker.tablesOf(`user-${user}`);
  },
};

async function measure(store: Store, operation: Operation): Promise<number> {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) await operation(store, done++);
    }),
  );
  return done / seconds;
}

const dataDir = mkdtempSync(join(tmpdir(), 'actorcade-bench-store-'));
const url = process.env.DATABASE_URL ?? (await (await sharedPostgres()).createDatabase('bench'));
const stores: [string, Store][] = [
  ['SQLite', await createSqliteStore(dataDir)],
  ['PostgreSQL', await createPostgresStore({ url, poolMax: Math.max(concurrency, 2) })],
];
for (const [, store] of stores) await prepare(store);

const rows: string[] = [];
const byOperation: [string, string][] = [];
for (const [name, operation] of Object.entries(operations)) {
  const figures: number[] = [];
  for (const [, store] of stores) figures.push(await measure(store, operation));
  const rates = figures.map((f) => Math.round(f).toLocaleString('en-US'));
  rows.push(`| ${name} | ${rates.join(' | ')} |`);
  byOperation.push([name, rates.join(' / ')]);
}
for (const [, store] of stores) await store.close();
rmSync(dataDir, { recursive: true, force: true });

console.log(`store operations per second (${seconds} s each, ${concurrency} in flight; Node ${process.version})\n`);
console.log(`| operation | ${stores.map(([name]) => name).join(' | ')} |`);
console.log(`| --- | ${stores.map(() => '---:').join(' | ')} |`);
for (const row of rows) console.log(row);
writeResult({
  bench: 'store',
  title: 'Store bench',
  command: `npm run bench -- store --seconds ${seconds} --concurrency ${concurrency}`,
  duration: 'about 30 seconds',
  checkReason: seconds < 3 ? `--seconds ${seconds}` : undefined,
  method: [`Repository operations per second, ${seconds} s each with ${concurrency} in flight, on SQLite and on PostgreSQL (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'a throwaway cluster, fsync off'}).`],
  body: [`| operation | ${stores.map(([name]) => name).join(' | ')} |`, `| --- | ${stores.map(() => '---:').join(' | ')} |`, ...rows],
  figures: byOperation.map(([name, value]) => ({ label: `store: ${name}, operations/s (SQLite / PostgreSQL)`, value })),
  charts: {},
});
process.exit(0);
