import t from 'tap';
import { http } from '../support/client.js';
import { bearer, crashDuring, dataDirOf, restart } from './crash-support.js';

/** A channel's rows are its only durable record: a crash after they are written leaves the whole channel (see crash-support.ts). */

t.test('crash between a new channel\'s rows and the commit: the channel is there whole, listed and usable', async (t) => {
  const dataDir = dataDirOf(t);
  await crashDuring(t, dataDir, 'commit-after:channels.saveChannel', async (url) =>
    http(url, 'POST', '/api/channels', { name: 'between', is_private: true, members: ['bob'] }, await bearer(url, 'ann')),
  );

  const server = await restart(t, dataDir);
  const ann = await bearer(server.url, 'ann');
  const bob = await bearer(server.url, 'bob');
  const listed = (await http(server.url, 'GET', '/api/channels', undefined, ann)).body.channels as any[];
  t.equal(listed.length, 1, 'the channel whose rows were written is listed');
  const id = listed[0].id;
  const described = await http(server.url, 'GET', `/api/channels/${id}`, undefined, bob);
  t.equal(described.status, 200, 'its actor answers (it was built from the rows)');
  t.same(described.body.members, ['ann', 'bob'], 'with the owner and the invited member');
  t.equal(described.body.is_member, true);
  t.equal((await http(server.url, 'GET', `/api/channels/${id}/messages`, undefined, ann)).status, 200, 'its history answers');
  const posted = await http(server.url, 'POST', `/api/channels/${id}/messages`, { content: 'hello' }, bob);
  t.equal(posted.status, 201, 'and it takes posts');
  const outsider = await http(server.url, 'GET', `/api/channels/${id}`, undefined, await bearer(server.url, 'cy'));
  t.equal(outsider.status, 403, 'a private channel stays private');
});
