import t from 'tap';
import { createRowWriter } from '../../src/sessions/library/row-writer.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} } as never;

/** Resolves once `check` holds, polled on the event loop (the writer's retries wait on timers). */
async function until(check: () => boolean) {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 1));
}

t.test('row writer: writes in order, retries a refused write before the next, confirms the last of a run', async (t) => {
  const rows = createRowWriter({ logger: quiet, stopped: () => false, retryBaseMs: 1, retryMaxMs: 2 });
  const done: string[] = [];
  const confirmed: string[] = [];
  let refusals = 2;
  const write = (key: string, name: string, fail = false) =>
    rows.write(
      key,
      async () => {
        if (fail && refusals-- > 0) throw new Error('store unavailable');
        done.push(name);
      },
      () => confirmed.push(name),
      name,
    );
  write('a', 'a1', true);
  write('a', 'a2');
  write('b', 'b1');
  write('a', 'a3');
  await until(() => done.length === 4);
  await until(() => confirmed.length === 2);
  t.same(done, ['a1', 'a2', 'b1', 'a3'], 'a refused write is retried until stored, and nothing overtakes it');
  t.same(confirmed, ['b1', 'a3'], "one confirmation per run of an actor's writes: the last covers those before it");
});

t.test('row writer: a stopping worker gives up a refused write and confirms nothing of it', async (t) => {
  let stopped = false;
  const rows = createRowWriter({ logger: quiet, stopped: () => stopped, retryBaseMs: 1, retryMaxMs: 2 });
  const confirmed: string[] = [];
  stopped = true;
  rows.write('a', () => Promise.reject(new Error('store closed')), () => confirmed.push('a1'), 'a1');
  rows.write('b', async () => {}, () => confirmed.push('b1'), 'b1');
  await until(() => confirmed.length === 1);
  t.same(confirmed, ['b1'], 'the next write still runs; the refused one is left to the actor to ask again');
});
