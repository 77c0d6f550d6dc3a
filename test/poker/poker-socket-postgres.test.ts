import t from 'tap';
import { postgresUnavailable } from '../support/postgres.js';

// The same flows as poker-socket.test.ts, each server's store a fresh database on a throwaway PostgreSQL.
const reason = postgresUnavailable();
if (reason) t.plan(0, reason);
else {
  process.env.TEST_STORE = 'postgres';
  await import('./poker-socket.test.js');
}
