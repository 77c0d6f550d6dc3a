import t from 'tap';
import { createActor, SimulatedClock } from 'xstate';
import { channelMachine } from '../../machines/channel/channel-machine.js';
import type { Outgoing } from '../../src/contract/index.js';

const ID = '7aa4d7cf-fe30-4fea-bd05-4904217b5366';
const channel = { id: ID, name: 'c', is_private: false, owner_id: 'ann', created_at: '2026-01-01T00:00:00.000Z' };

function start(clock = new SimulatedClock()) {
  const emitted: Outgoing[] = [];
  const actor = createActor(channelMachine, { input: { channelId: ID, typingTtlMs: 8000 }, clock });
  actor.on('$out', (e) => void emitted.push(e as unknown as Outgoing));
  actor.start();
  const send = (event: Record<string, unknown>, member = 'ann', conn = 'c1') =>
    actor.send({ ...event, $from: { member, conn }, $at: clock.now() } as never);
  send({ type: '$create', channel, members: ['bob'] });
  emitted.length = 0;
  return { actor, clock, emitted, send };
}

const types = (emitted: Outgoing[]) => emitted.map((o) => o.event.type);

t.test('channel machine: typing refreshes without re-announcing and expires on the simulated clock', async (t) => {
  const { clock, emitted, send } = start();
  send({ type: 'typing', channel_id: ID });
  clock.increment(5000);
  send({ type: 'typing', channel_id: ID });
  t.same(types(emitted), ['typing_start'], 'one typing_start for two typing messages');
  clock.increment(7999);
  t.same(types(emitted), ['typing_start'], 'the refresh moved the deadline');
  clock.increment(1);
  t.same(emitted[1], { type: '$out', to: 'session', event: { type: 'typing_stop', channel_id: ID, user_id: 'ann' } });
});

t.test('channel machine: a supervisor restore re-arms typing from its deadline; a store restore drops live state', async (t) => {
  const { actor, clock, send } = start();
  send({ type: 'subscribe', channel_id: ID });
  send({ type: 'voice_join', channel_id: ID });
  send({ type: 'typing', channel_id: ID });
  clock.increment(3000);
  const persisted = actor.getPersistedSnapshot();
  actor.stop();

  const emitted: Outgoing[] = [];
  const restored = createActor(channelMachine, { snapshot: persisted as never, clock, input: { channelId: ID, typingTtlMs: 8000 } });
  restored.on('$out', (e) => void emitted.push(e as unknown as Outgoing));
  restored.start();
  restored.send({ type: '$restored', source: 'supervisor', $from: {}, $at: clock.now() } as never);
  clock.increment(4999);
  t.same(types(emitted), []);
  clock.increment(1);
  t.same(types(emitted), ['typing_stop'], 'fires at the original deadline (8 s after typing)');

  const cold = createActor(channelMachine, { snapshot: persisted as never, clock, input: { channelId: ID, typingTtlMs: 8000 } }).start();
  cold.send({ type: '$restored', source: 'store', $from: {}, $at: clock.now() } as never);
  t.same(cold.getSnapshot().context.subscribers, {}, 'no socket of the old process is subscribed');
  t.same(cold.getSnapshot().context.voice, {});
  t.same(cold.getSnapshot().context.members, { ann: true, bob: true }, 'membership is kept');
});

t.test('channel machine: denied actions change nothing', async (t) => {
  const { actor, emitted, send } = start();
  const before = actor.getSnapshot().context;
  send({ id: 'r1', type: 'typing', channel_id: ID }, 'eve');
  send({ id: 'r2', type: 'voice_offer', channel_id: ID, target_user_id: 'bob', sdp: 'x' }, 'ann');
  send({ type: '$edit_message', message: { id: 'm', channel_id: ID, author_id: 'bob', content: 'x', created_at: '', edited_at: '' } }, 'ann');
  t.same(
    emitted.map((o) => [o.to, o.event.code]),
    [['sender', 'PERMISSION_DENIED'], ['sender', 'PERMISSION_DENIED'], ['sender', 'PERMISSION_DENIED']],
  );
  t.equal(actor.getSnapshot().context, before, 'context is the very same object');
});
