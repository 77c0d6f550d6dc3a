import t from 'tap';
import { createPostgresStore } from '../../src/store/index.js';
import { requirePostgres, startPostgres } from '../support/postgres.js';
import { storeConformance } from './store-conformance.js';

t.test('postgres store passes the store conformance suite', async (t) => {
  if (!requirePostgres(t)) return;
  const pg = await startPostgres(t);
  // A fresh database per store, so every conformance test starts empty.
  return storeConformance(t, async () => createPostgresStore({ url: await pg.createDatabase() }));
});
