import t from 'tap';
import { MASKED } from '../../src/charts/mask.js';
import { loadConfig } from '../../src/config/index.js';
import { channelSession } from '../../src/sessions/channel/index.js';
import { userOf } from '../channel/support.js';
import { connect, http } from '../support/client.js';
import { startServer } from '../support/server.js';
import { vaultSession } from './vault-session.js';

const sessions = [channelSession, vaultSession];

t.test('charts view: on by default, off in production, CHARTS overrides both', async (t) => {
  t.equal(loadConfig({}).charts.enabled, true);
  t.equal(loadConfig({ NODE_ENV: 'production' }).charts.enabled, false);
  t.equal(loadConfig({ NODE_ENV: 'production', CHARTS: '1' }).charts.enabled, true);
  t.equal(loadConfig({ CHARTS: '0' }).charts.enabled, false);
  t.throws(() => loadConfig({ CHARTS: 'maybe' }), /CHARTS must be true\/false/);
  t.same(loadConfig({ CHARTS_MASK: 'nightActions, vote' }).charts.maskWords, ['nightActions', 'vote']);
});

t.test('charts view: CHARTS=0 serves no page, no API and no socket', async (t) => {
  const srv = await startServer({ CHARTS: '0' }, { sessions });
  t.teardown(() => srv.close());
  t.equal((await http(srv.url, 'GET', '/charts')).status, 404);
  t.equal((await http(srv.url, 'GET', '/charts/api/types')).status, 404);
  const refused = await connect(srv.wsUrl('/charts/ws')).then(
    () => undefined,
    (error: { status?: number }) => error,
  );
  t.equal(refused?.status, 404, 'the socket route does not exist');
});

t.test('charts view: the page, its script and style come from the server itself', async (t) => {
  const srv = await startServer({}, { sessions });
  t.teardown(() => srv.close());
  const page = await fetch(`${srv.url}/charts`);
  t.equal(page.status, 200);
  t.match(page.headers.get('content-type'), /^text\/html/);
  const html = await page.text();
  t.match(html, /<script type="module" src="\/charts\/app.js">/);
  for (const [path, type] of [['/charts/app.js', /^text\/javascript/], ['/charts/app.css', /^text\/css/]] as const) {
    const asset = await fetch(`${srv.url}${path}`);
    t.equal(asset.status, 200, `${path} is served`);
    t.match(asset.headers.get('content-type'), type);
    t.notMatch(await asset.text(), /https?:\/\//, `${path} loads nothing from elsewhere`);
  }
  t.notMatch(html, /https?:\/\//, 'the page loads nothing from elsewhere');
});

t.test('charts view: /charts/api/types lists every machine with its chart', async (t) => {
  const srv = await startServer({}, { sessions });
  t.teardown(() => srv.close());
  const { status, body } = await http(srv.url, 'GET', '/charts/api/types');
  t.equal(status, 200);
  t.same(
    body.types.map((type: { session: string; kind: string }) => [type.session, type.kind]),
    [['channel', 'channel'], ['channel', 'presence'], ['vault', 'vault']],
  );
  const vault = body.types.find((type: { kind: string }) => type.kind === 'vault');
  t.same(vault.states, ['vault', 'vault.locked', 'vault.open', 'vault.closed']);
  for (const id of vault.states) t.match(vault.svg, `data-state-id="${id}"`);
});

t.test('charts view: /charts/api/actors lists live actors with their state, age and members', async (t) => {
  const srv = await startServer({}, { sessions });
  t.teardown(() => srv.close());
  const ann = await userOf(srv, 'ann');
  const created = await ann.rest('POST', '/api/channels', { name: 'general', members: ['bob'] });
  t.equal(created.status, 201);
  const { body } = await http(srv.url, 'GET', '/charts/api/actors?kind=channel');
  t.match(body, { kind: 'channel', actors: [{ address: `channel/${created.body.id}`, kind: 'channel', value: 'open', states: ['channel', 'channel.open'], members: 2 }] });
  t.ok(body.actors[0].age_ms >= 0 && body.actors[0].started_at > 0);
  const all = await http(srv.url, 'GET', '/charts/api/actors');
  t.ok(all.body.actors.some((a: { kind: string }) => a.kind === 'channel'), 'without a kind, every live actor');
  t.match(await http(srv.url, 'GET', '/charts/api/actors?kind=nope'), { status: 404, body: { error: { code: 'NOT_FOUND' } } });

  const one = await http(srv.url, 'GET', `/charts/api/actor?address=channel/${created.body.id}`);
  t.match(one.body.actor, { value: 'open', context: { info: { name: 'general' } } });
  t.match(one.body.events, [{ direction: 'in', type: '$create', value: 'open' }, { direction: 'out', type: '$channel', to: 'sender' }], 'the cause comes before its effect');
  t.match(await http(srv.url, 'GET', '/charts/api/actor?address=channel/00000000-0000-4000-8000-000000000000'), { status: 404 });
  t.match(await http(srv.url, 'GET', '/charts/api/actor?address=nonsense'), { status: 400 });
});

t.test('charts view: a watched actor streams its state, masked context and events live', async (t) => {
  const srv = await startServer({}, { sessions });
  t.teardown(() => srv.close());
  const viewer = await connect(srv.wsUrl('/charts/ws'));
  viewer.send({ type: 'watch', address: 'vault/v1' });
  t.match(await viewer.next('snapshot'), { address: 'vault/v1', live: false, actor: null, events: [] }, 'an actor not started yet can be watched');

  const player = await connect(srv.wsUrl('/vault/ws?user=ann'));
  player.send({ type: 'unlock', vault: 'v1', session_token: 'tok-123' });
  await player.next('cards');
  const update = await viewer.next((f) => f.type === 'update' && f.live && f.actor.value === 'open');
  t.match(update.actor, { address: 'vault/v1', kind: 'vault', status: 'active', states: ['vault', 'vault.open'], members: 1 });
  t.same(update.actor.context, { owner: 'ann', holeCards: MASKED, sessionToken: MASKED, touches: 0 }, 'private context fields are masked');
  const unlock = update.events.find((e: { type: string }) => e.type === 'unlock');
  t.match(unlock, { direction: 'in', event: { type: 'unlock', session_token: MASKED, $from: { member: 'ann' } }, value: 'open' });
  const cards = update.events.find((e: { type: string }) => e.type === 'cards');
  t.same(cards.event, { type: 'cards', '…': MASKED }, 'an event for one member shows only its type');
  t.equal(cards.to, 'member');
  t.same(update.events.find((e: { type: string }) => e.type === 'opened').event, { type: 'opened', session_token: MASKED });
  t.notMatch(JSON.stringify(viewer.received), /tok-123|"As"/, 'no secret ever reaches the viewer');

  for (let i = 0; i < 20; i++) player.send({ type: 'touch', vault: 'v1' });
  const touched = await viewer.next((f) => f.type === 'update' && f.actor?.context.touches === 20);
  t.ok(touched, 'a burst of events ends in the right state');
  const seqs = viewer.received.filter((f) => f.type === 'update').flatMap((f) => f.events.map((e: { seq: number }) => e.seq));
  t.same(seqs, [...seqs].sort((a, b) => a - b), 'events arrive in order');
  t.equal(viewer.received.flatMap((f) => f.events ?? []).filter((e: { type: string }) => e.type === 'touch').length, 20, 'and none is lost to coalescing');

  const closed = await viewer.next((f) => f.type === 'update' && f.actor?.value === 'closed', 5000);
  t.match(closed.actor, { status: 'done', states: ['vault', 'vault.closed'] }, 'a transition made by a timer shows up too');

  viewer.send({ type: 'unwatch' });
  await viewer.next('unwatched');
});

t.test('charts view: the socket is read-only and answers bad input with errors', async (t) => {
  const srv = await startServer({}, { sessions });
  t.teardown(() => srv.close());
  const viewer = await connect(srv.wsUrl('/charts/ws'));
  viewer.sendRaw('not json');
  t.match(await viewer.next('error'), { code: 'VALIDATION_ERROR' });
  viewer.send({ type: 'send', address: 'vault/v1', event: { type: 'unlock' } });
  t.match(await viewer.next('error'), { code: 'VALIDATION_ERROR', message: /unknown message type/ }, 'nothing can be sent to an actor');
  viewer.send({ type: 'watch' });
  t.match(await viewer.next('error'), { code: 'VALIDATION_ERROR', message: /address/ });
  viewer.send({ type: 'watch', address: 'nope/1' });
  t.match(await viewer.next('error'), { code: 'NOT_FOUND' });
  const { body } = await http(srv.url, 'GET', '/charts/api/actors?kind=vault');
  t.same(body.actors, [], 'watching did not start an actor');
  t.equal(viewer.ws.readyState, viewer.ws.OPEN, 'the socket stays open');
});
