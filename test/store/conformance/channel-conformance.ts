import type { Test } from 'tap';
import type { ChannelMessageRecord, ChannelRecord } from '../../../src/store/index.js';
import { withStore, type StoreFactory } from '../store-conformance.js';

const channel = (id: string, extra: Partial<ChannelRecord> = {}): ChannelRecord => ({
  id,
  name: `#${id}`,
  is_private: false,
  owner_id: 'ann',
  created_at: '2026-01-01T00:00:00.000Z',
  ...extra,
});

let clock = 0;
const message = (channelId: string, id: string, content = `text of ${id}`): ChannelMessageRecord => ({
  id,
  channel_id: channelId,
  author_id: 'ann',
  content,
  created_at: new Date(Date.UTC(2026, 0, 1) + clock++ * 1000).toISOString(),
  edited_at: null,
});

/** What the channel session relies on: visibility of channels, and message history with paging. */
export async function channelConformance(t: Test, open: StoreFactory) {
  t.test(
    'a channel reads back with its members (what a channel actor is built from); unknown ids read as undefined',
    withStore(open, async (store, t) => {
      const repo = store.channels;
      await repo.saveChannel(channel('room', { is_private: true }), ['cyd', 'ann']);
      await repo.addMember('room', 'bob');
      t.same(await repo.channel('room'), { channel: channel('room', { is_private: true }), members: ['ann', 'bob', 'cyd'] });
      t.equal(await repo.channel('nowhere'), undefined);
      await repo.saveChannel(channel('hall'), ['ann']);
      t.same((await repo.channelIds()).sort(), ['hall', 'room'], 'every channel id');
    }),
  );
  t.test(
    'public channels are visible to everyone; private ones only to their members',
    withStore(open, async (store, t) => {
      const repo = store.channels;
      await repo.saveChannel(channel('pub'), ['ann']);
      await repo.saveChannel(channel('priv', { is_private: true, created_at: '2026-01-02T00:00:00.000Z' }), ['ann', 'bob']);
      t.same(await repo.visibleChannels('ann'), [channel('pub'), channel('priv', { is_private: true, created_at: '2026-01-02T00:00:00.000Z' })]);
      t.same((await repo.visibleChannels('bob')).map((c) => c.id), ['pub', 'priv']);
      t.same((await repo.visibleChannels('cyd')).map((c) => c.id), ['pub'], 'a non-member does not see the private channel');
      await repo.addMember('priv', 'cyd');
      await repo.addMember('priv', 'cyd'); // idempotent
      t.same((await repo.visibleChannels('cyd')).map((c) => c.id), ['pub', 'priv'], 'a new member does');
      t.equal((await repo.visibleChannels('cyd')).filter((c) => c.id === 'priv').length, 1, 'listed once');
    }),
  );

  t.test(
    'visible channels page by keyset (limit, after) in the same order; channel mates are the members of shared channels',
    withStore(open, async (store, t) => {
      const repo = store.channels;
      await repo.saveChannel(channel('c', { created_at: '2026-01-03T00:00:00.000Z' }), ['ann', 'bob']);
      await repo.saveChannel(channel('b', { created_at: '2026-01-01T00:00:00.000Z' }), ['cyd', 'bob']);
      await repo.saveChannel(channel('a', { created_at: '2026-01-01T00:00:00.000Z' }), []);
      await repo.saveChannel(channel('p', { is_private: true, owner_id: 'dan', created_at: '2026-01-02T00:00:00.000Z' }), ['dan', 'eve']);
      const first = await repo.visibleChannelsPage('ann', { limit: 2 });
      t.same({ ids: first.channels.map((c) => c.id), more: first.has_more }, { ids: ['a', 'b'], more: true });
      const second = await repo.visibleChannelsPage('ann', { limit: 2, after: 'b' });
      t.same({ ids: second.channels.map((c) => c.id), more: second.has_more }, { ids: ['c'], more: false }, 'the private channel is not ann\'s');
      t.same((await repo.visibleChannelsPage('eve', { limit: 10, after: 'a' })).channels.map((c) => c.id), ['b', 'p', 'c']);
      t.same((await repo.visibleChannelsPage('ann', { limit: 10, after: 'never-existed' })).channels.map((c) => c.id), ['a', 'b', 'c'], 'an unknown cursor pages from the start');
      t.same(await repo.channelMates('bob'), ['ann', 'cyd'], 'owner ann and cyd share a channel with bob, each once');
      t.same(await repo.channelMates('eve'), ['dan']);
      t.same(await repo.channelMates('nobody'), []);
    }),
  );

  t.test(
    'channels are listed oldest first, ties by id; saving a channel again keeps it and adds members',
    withStore(open, async (store, t) => {
      const repo = store.channels;
      await repo.saveChannel(channel('c', { created_at: '2026-01-03T00:00:00.000Z' }), []);
      await repo.saveChannel(channel('b', { created_at: '2026-01-01T00:00:00.000Z' }), []);
      await repo.saveChannel(channel('a', { created_at: '2026-01-01T00:00:00.000Z' }), []);
      t.same((await repo.visibleChannels('anyone')).map((c) => c.id), ['a', 'b', 'c']);
      await repo.saveChannel(channel('x', { is_private: true }), ['ann']);
      await repo.saveChannel(channel('x', { is_private: true, name: 'renamed' }), ['dan']);
      const seen = await repo.visibleChannels('dan');
      t.same(seen.find((c) => c.id === 'x'), channel('x', { is_private: true }), 'the first save wins; the second only adds dan');
      t.ok((await repo.visibleChannels('ann')).some((c) => c.id === 'x'), 'earlier members stay');
    }),
  );

  t.test(
    'messages are stored, looked up, edited and deleted per channel',
    withStore(open, async (store, t) => {
      const repo = store.channels;
      const first = message('c1', 'm1');
      await repo.insertMessage(first);
      t.same(await repo.getMessage('c1', 'm1'), first);
      t.equal(await repo.getMessage('c2', 'm1'), undefined, 'a message belongs to its channel');
      t.equal(await repo.getMessage('c1', 'nope'), undefined);
      await repo.insertMessage({ ...first, content: 'duplicate' });
      t.equal((await repo.getMessage('c1', 'm1'))?.content, first.content, 'a second insert of an id is ignored');
      const edited = { ...first, content: 'edited', edited_at: '2026-02-01T00:00:00.000Z' };
      await repo.updateMessage(edited);
      t.same(await repo.getMessage('c1', 'm1'), edited);
      await repo.deleteMessage('c1', 'm1');
      t.equal(await repo.getMessage('c1', 'm1'), undefined, 'a deleted message is gone from lookups');
      t.same((await repo.page('c1', { limit: 10 })).messages, [], 'and from history');
    }),
  );

  t.test(
    'history pages go back in insertion order, oldest first within a page',
    withStore(open, async (store, t) => {
      const repo = store.channels;
      const ids = Array.from({ length: 7 }, (_, i) => `m${i + 1}`);
      for (const id of ids) {
        await repo.insertMessage(message('c1', id));
        await repo.insertMessage(message('c2', `${id}-other`));
      }
      const latest = await repo.page('c1', { limit: 3 });
      t.same(latest.messages.map((m) => m.id), ['m5', 'm6', 'm7']);
      t.equal(latest.has_more, true);
      const older = await repo.page('c1', { before: 'm5', limit: 3 });
      t.same(older.messages.map((m) => m.id), ['m2', 'm3', 'm4']);
      t.equal(older.has_more, true);
      const oldest = await repo.page('c1', { before: 'm2', limit: 3 });
      t.same(oldest.messages.map((m) => m.id), ['m1']);
      t.equal(oldest.has_more, false);
      const all = await repo.page('c1', { limit: 7 });
      t.same(all.messages.map((m) => m.id), ids);
      t.equal(all.has_more, false, 'exactly `limit` messages left: no more');
      await repo.deleteMessage('c1', 'm6');
      t.same((await repo.page('c1', { limit: 3 })).messages.map((m) => m.id), ['m4', 'm5', 'm7'], 'deleted messages are skipped');
      t.same((await repo.page('c1', { before: 'm6', limit: 2 })).messages.map((m) => m.id), ['m4', 'm5'], 'a deleted message still marks a position');
      t.same(await repo.page('empty', { limit: 5 }), { messages: [], has_more: false });
      t.same(await repo.page('c1', { before: 'unknown', limit: 5 }), { messages: [], has_more: false }, 'before an unknown message: nothing');
    }),
  );

  t.test(
    'history order is insertion order, not the timestamps',
    withStore(open, async (store, t) => {
      const repo = store.channels;
      await repo.insertMessage({ ...message('c1', 'late'), created_at: '2030-01-01T00:00:00.000Z' });
      await repo.insertMessage({ ...message('c1', 'early'), created_at: '2020-01-01T00:00:00.000Z' });
      t.same((await repo.page('c1', { limit: 5 })).messages.map((m) => m.id), ['late', 'early']);
    }),
  );
}
