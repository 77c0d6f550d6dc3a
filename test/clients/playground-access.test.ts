import t from 'tap';
import { startServer, type TestServer } from '../support/server.js';

/** Who may use `/playground`, over real HTTP: anyone on loopback; beyond it, whoever may see the charts. */

const get = (srv: TestServer, path: string, headers: Record<string, string> = {}) => fetch(`${srv.url}${path}`, { headers });
const validate = (srv: TestServer, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}/playground/api/validate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ family: 'poker', direction: 'client', frames: [] }),
  });

t.test('playground beyond loopback: refused without an admin credential, open with one', async (t) => {
  const srv = await startServer({ HOST: '0.0.0.0' });
  t.teardown(() => srv.close());
  for (const path of ['/playground', '/playground/api/families']) {
    const res = await get(srv, path);
    t.equal(res.status, 401, `GET ${path} without a credential`);
    t.match(await res.json(), { error: { code: 'UNAUTHORIZED' } });
  }
  t.equal((await validate(srv)).status, 401, 'POST /playground/api/validate too');
  const user = srv.server.auth.mint('alice', 600).token;
  t.equal((await get(srv, '/playground/api/families', { authorization: `Bearer ${user}` })).status, 403, 'a user who is not an administrator');
  const admin = srv.server.auth.mint('admin', 600).token;
  t.equal((await get(srv, '/playground', { authorization: `Bearer ${admin}` })).status, 200, 'an admin JWT by header');
  t.equal((await get(srv, `/playground?token=${admin}`)).status, 200, 'or ?token=');
  t.equal((await validate(srv, { authorization: `Bearer ${admin}` })).status, 200);
  t.equal((await get(srv, '/playground/app.js')).status, 200, 'the script carries no data and loads without one');
  const link = new URL(srv.server.playgroundUrl!);
  t.equal(link.pathname, '/playground');
  t.equal((await get(srv, `/playground${link.search}`)).status, 200, 'the printed link opens it');
  t.equal((await get(srv, `/playground/api/families${link.search}`)).status, 200, 'and its API, as the page calls it');
});

t.test('playground beyond loopback with the charts off: an admin JWT still opens it', async (t) => {
  const srv = await startServer({ HOST: '0.0.0.0', CHARTS: '0' });
  t.teardown(() => srv.close());
  t.equal((await get(srv, '/playground/api/families')).status, 401);
  t.equal(srv.server.playgroundUrl, undefined, 'no link is printed: it would not open without a JWT');
  const admin = srv.server.auth.mint('admin', 600).token;
  t.equal((await get(srv, '/playground/api/families', { authorization: `Bearer ${admin}` })).status, 200);
});

t.test('playground on a loopback-only server: open to the designer', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  t.equal((await get(srv, '/playground/api/families')).status, 200);
  t.equal((await validate(srv)).status, 200);
  t.equal(new URL(srv.server.playgroundUrl!).search, '', 'the printed link needs no token');
});
