import t from 'tap';
import { createSerialQueue, inCallOrder } from '../../src/store/index.js';

/** A repository over an "adapter" whose later calls finish first. */
function racingRepository() {
  const log: string[] = [];
  let delay = 40;
  const later = <T>(what: string, value: T) =>
    new Promise<T>((resolve) => {
      const ms = (delay = Math.max(0, delay - 10));
      setTimeout(() => {
        log.push(what);
        resolve(value);
      }, ms);
    });
  return {
    log,
    repo: {
      write: (key: string) => later(`write ${key}`, undefined),
      read: (key: string) => later(`read ${key}`, key),
      fail: () => later('fail', undefined).then(() => Promise.reject(new Error('refused'))),
    },
  };
}

t.test('in call order: calls run one at a time in the order they were made', async (t) => {
  const { repo, log } = racingRepository();
  const ordered = inCallOrder(repo, createSerialQueue());
  const results = await Promise.all([ordered.write('a'), ordered.write('b'), ordered.read('b')]);
  t.same(log, ['write a', 'write b', 'read b'], 'without the view, the read would finish first');
  t.same(results, [undefined, undefined, 'b'], 'each call resolves with its own result');
  t.equal(ordered.write, ordered.write, 'a method is the same function each time');
});

t.test('in call order: a failing call rejects on its own and the next ones still run', async (t) => {
  const { repo, log } = racingRepository();
  const queue = createSerialQueue();
  const ordered = inCallOrder(repo, queue);
  const failed = ordered.fail();
  const after = ordered.read('x');
  await t.rejects(failed, { message: 'refused' });
  t.equal(await after, 'x');
  t.same(log, ['fail', 'read x']);
});

t.test('serial queue: settled waits for everything queued so far', async (t) => {
  const { repo, log } = racingRepository();
  const queue = createSerialQueue();
  const ordered = inCallOrder(repo, queue);
  void ordered.write('1');
  void ordered.fail().catch(() => undefined);
  void ordered.write('2');
  await queue.settled();
  t.same(log, ['write 1', 'fail', 'write 2']);
  await queue.settled(); // an idle queue settles at once
});
