import t from 'tap';
import type { AnyMachineSnapshot } from 'xstate';
import { createLiveFeed } from '../../src/charts/live-feed.js';
import type { ActorObserver } from '../../src/runtime/index.js';

/** A stand-in for the actor host: the test plays the observer calls the host would make. */
function fakeHost() {
  let observer: ActorObserver = {};
  const live = new Set<string>(['room/1']);
  return {
    host: {
      observe(o: ActorObserver) {
        observer = o;
        return () => (observer = {});
      },
      snapshotOf: (address: string) => (live.has(address) ? ({} as AnyMachineSnapshot) : undefined),
    },
    handle(address: string, type: string, emits: string[] = []) {
      for (const emitted of emits) observer.onEmit?.(address, { type: '$out', to: 'session', event: { type: emitted } });
      observer.onEvent?.(address, { type, $at: 1 }, { value: type } as unknown as AnyMachineSnapshot);
    },
    emitAlone(address: string, type: string) {
      observer.onEmit?.(address, { type: '$out', to: 'session', event: { type } });
    },
    live,
  };
}

const clock = { now: () => 5, setTimeout: () => 0, clearTimeout: () => {} };

t.test('live feed: keeps the last entries per actor, cause before effect', async (t) => {
  const fake = fakeHost();
  const feed = createLiveFeed({ host: fake.host, clock, historySize: 4 });
  t.teardown(() => feed.close());
  fake.handle('room/1', 'a', ['a-said']);
  fake.handle('room/1', 'b');
  fake.handle('room/2', 'x');
  t.same(
    feed.history('room/1').map((e) => [e.direction, e.type]),
    [['in', 'a'], ['out', 'a-said'], ['in', 'b']],
    'an emitted event is recorded after the event that caused it',
  );
  fake.handle('room/1', 'c', ['c-said']);
  fake.handle('room/1', 'd');
  t.same(feed.history('room/1').map((e) => e.type), ['b', 'c', 'c-said', 'd'], 'only the last historySize entries, oldest first');
  t.same(feed.history('room/2').map((e) => e.type), ['x'], 'each actor has its own history');
  t.same(feed.history('room/3'), []);
});

t.test('live feed: an event emitted by a timer is recorded once the step is over', async (t) => {
  const fake = fakeHost();
  const feed = createLiveFeed({ host: fake.host, clock, historySize: 10 });
  t.teardown(() => feed.close());
  fake.emitAlone('room/1', 'tick-said');
  t.same(feed.history('room/1'), [], 'not yet: a handled event may still follow in this step');
  await Promise.resolve();
  t.match(feed.history('room/1'), [{ direction: 'out', type: 'tick-said', at: 5 }]);
});

t.test('live feed: watchers hear their actor until they stop', async (t) => {
  const fake = fakeHost();
  const feed = createLiveFeed({ host: fake.host, clock, historySize: 10 });
  t.teardown(() => feed.close());
  const heard: string[] = [];
  const stop = feed.watch('room/1', (entry) => heard.push(entry.type));
  fake.handle('room/1', 'a', ['a-said']);
  fake.handle('room/2', 'x');
  stop();
  fake.handle('room/1', 'b');
  t.same(heard, ['a', 'a-said']);
});

t.test('live feed: the history of an actor that stopped is forgotten', async (t) => {
  const fake = fakeHost();
  const feed = createLiveFeed({ host: fake.host, clock, historySize: 10, pruneEveryMs: 10 });
  t.teardown(() => feed.close());
  fake.handle('room/1', 'a');
  fake.live.delete('room/1');
  await new Promise((resolve) => setTimeout(resolve, 40));
  t.same(feed.history('room/1'), []);
});
