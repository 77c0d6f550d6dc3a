import type { Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, http, type TestClient } from '../support/client.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/**
 * Helpers of the half-applied tests: a command that writes two records (a domain row and an
 * actor's snapshot or journal) must never be left half-applied by a crash between the two
 * writes. Each test kills the server with SIGKILL exactly there (`crash-between.ts`), restarts
 * it on the same DATA_DIR and looks as a client would: the command is either fully applied or
 * not at all.
 */

const CRASHING = 'test/durability/crash-between.ts';

export const dataDirOf = (t: Test) => {
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-between-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

export async function bearer(url: string, user: string) {
  const minted = await http(url, 'POST', '/api/auth/token', { user_id: user });
  return { authorization: `Bearer ${minted.body.token}` };
}

/** Start the crashing server, send the one command, and see the process die before it answers. */
export async function crashDuring(t: Test, dataDir: string, crashAt: string, command: (url: string) => Promise<unknown>, env: Record<string, string> = {}) {
  const server = await startServerProcess(dataDir, { ...env, CRASH_AT: crashAt }, CRASHING);
  t.teardown(() => server.stop());
  const answer = await command(server.url).then(
    (reply) => ({ reply }),
    (error: Error) => ({ error }),
  );
  await server.exited;
  t.equal(server.child.signalCode, 'SIGKILL', `the server was killed at ${crashAt}`);
  t.ok('error' in answer, 'the command was never answered');
}

/** The server as `npm start` runs it, on `dataDir`. */
export async function restart(t: Test, dataDir: string, env: Record<string, string> = {}) {
  const server = await startServerProcess(dataDir, env);
  t.teardown(() => server.stop());
  return server;
}

/** A library socket (`/ws?token=`) of the user `auth` names, once `connection_established` has arrived. */
export async function librarySocket(server: ServerProcess, auth: { authorization: string }): Promise<TestClient> {
  const client = await connect(server.wsUrl(`/ws?token=${encodeURIComponent(auth.authorization.slice('Bearer '.length))}`));
  await client.next('connection_established');
  return client;
}
