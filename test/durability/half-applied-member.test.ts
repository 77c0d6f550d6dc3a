import t from 'tap';
import { http } from '../support/client.js';
import { bearer, crashDuring, dataDirOf, restart } from './crash-support.js';

/** A member's row is the membership: a crash after it is written leaves a member everywhere (see crash-support.ts). */

t.test('crash between a new member\'s row and the commit: the member is a member everywhere', async (t) => {
  const dataDir = dataDirOf(t);
  let id = '';
  // The channel is created on the crashing server too: only the member's row arms it.
  await crashDuring(t, dataDir, 'commit-after:channels.addMember', async (url) => {
    const ann = await bearer(url, 'ann');
    const created = await http(url, 'POST', '/api/channels', { name: 'club', is_private: true }, ann);
    t.equal(created.status, 201);
    id = created.body.id;
    return http(url, 'POST', `/api/channels/${id}/members`, { user_id: 'bob' }, ann);
  });

  const server = await restart(t, dataDir);
  const bob = await bearer(server.url, 'bob');
  const listed = (await http(server.url, 'GET', '/api/channels', undefined, bob)).body.channels as any[];
  t.same(listed.map((c) => c.id), [id], 'bob sees the private channel in his list');
  const described = await http(server.url, 'GET', `/api/channels/${id}`, undefined, bob);
  t.equal(described.status, 200, 'and the channel lets him in');
  t.equal(described.body.is_member, true);
  t.equal((await http(server.url, 'POST', `/api/channels/${id}/messages`, { content: 'in' }, bob)).status, 201, 'he can post');
});
