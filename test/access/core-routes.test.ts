import t from 'tap';
import { startServer } from '../support/server.js';

const mint = (url: string, body: unknown) =>
  fetch(`${url}/api/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

t.test('development minting refuses administrators: their tokens come only from JWT_SECRET holders', async (t) => {
  const srv = await startServer({ ADMIN_USERS: 'admin,root', LIBRARY_ADMIN_USERS: 'librarian' });
  t.teardown(() => srv.close());
  for (const id of ['admin', 'root', 'librarian']) {
    const res = await mint(srv.url, { user_id: id });
    t.equal(res.status, 403, `${id} gets no development token`);
    const body = await res.json();
    t.equal(body.error.code, 'PERMISSION_DENIED');
    t.match(body.error.message, /admin tokens come only from JWT_SECRET holders/);
  }
  const user = await mint(srv.url, { user_id: 'alice' });
  t.equal(user.status, 201, 'anyone else still gets one');
  const { token } = await user.json();
  const denied = await fetch(`${srv.url}/api/admin/maintenance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ action: 'end' }),
  });
  t.equal(denied.status, 403, 'and it opens no admin route');
  const signed = srv.server.auth.mint('root', 600).token;
  const allowed = await fetch(`${srv.url}/api/admin/maintenance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${signed}` },
    body: JSON.stringify({ action: 'end' }),
  });
  t.not(allowed.status, 403, 'an ADMIN_USERS token signed with JWT_SECRET is an administrator of the library too');
  t.not(allowed.status, 401);
});

t.test('/metrics is open by default, and requires the bearer METRICS_TOKEN once it is set', async (t) => {
  const open = await startServer();
  t.equal((await fetch(`${open.url}/metrics`)).status, 200, 'open without METRICS_TOKEN');
  await open.close();

  const srv = await startServer({ METRICS_TOKEN: 'scrape-me' });
  t.teardown(() => srv.close());
  t.equal((await fetch(`${srv.url}/metrics`)).status, 401, 'no token');
  t.equal((await fetch(`${srv.url}/metrics`, { headers: { authorization: 'Bearer scrape-mE' } })).status, 401, 'a wrong token');
  const res = await fetch(`${srv.url}/metrics`, { headers: { authorization: 'Bearer scrape-me' } });
  t.equal(res.status, 200);
  t.match(await res.text(), /# HELP/);
});

t.test('/api/pong/loop: anyone reads the figures; beyond loopback only an administrator resets them or forces a GC', async (t) => {
  const srv = await startServer({ HOST: '0.0.0.0' });
  t.teardown(() => srv.close());
  const get = (query: string, token?: string) =>
    fetch(`${srv.url}/api/pong/loop${query}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  t.equal((await get('')).status, 200, 'reading is open');
  for (const query of ['?reset=1', '?gc=1']) {
    t.equal((await get(query)).status, 401, `${query} without a credential`);
    t.equal((await get(query, srv.server.auth.mint('alice', 600).token)).status, 403, `${query} with a player's token`);
    t.equal((await get(query, srv.server.auth.mint('admin', 600).token)).status, 200, `${query} with an administrator's token`);
  }

  const local = await startServer({ HOST: '127.0.0.1' });
  t.teardown(() => local.close());
  t.equal((await fetch(`${local.url}/api/pong/loop?reset=1`)).status, 200, 'a loopback-only server stays open, as /charts does');
});
