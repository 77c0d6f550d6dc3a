import t from 'tap';
import { createFixtureAdapter } from '../../src/sessions/library/adapters/fixture-adapter.js';
import { api, connectLibrary, createLibrary, settle, startLibraryServer, subscribeTo, tokenFor, invalidFrames } from './helpers.js';

t.test('library system: maintenance mode pauses new syncs and chat, announced to subscribers', async (t) => {
  const srv = await startLibraryServer();
  t.teardown(() => srv.close());
  const admin = await tokenFor(srv, 'admin');
  const ann = await tokenFor(srv, 'ann');
  const library = await createLibrary(srv, ann);
  const a = await connectLibrary(srv, ann);
  await subscribeTo(a, ['notifications']);
  const quiet = await connectLibrary(srv, ann);
  await subscribeTo(quiet, ['notifications'], { notification_level: ['error'] });

  t.equal((await api(srv, ann).post('/api/admin/maintenance', { action: 'start' })).status, 403, 'only administrators');
  t.equal((await api(srv, admin).post('/api/admin/maintenance', { action: 'pause' })).status, 400);
  const started = await api(srv, admin).post('/api/admin/maintenance', { action: 'start', message: 'Database upgrade', duration_minutes: 30 });
  t.equal(started.status, 200);
  t.match(started.body.maintenance, { status: 'active', message: 'Database upgrade', duration_minutes: 30, affected_services: ['sync', 'ai_chat'] });
  const event = await a.next('maintenance_mode');
  t.match(event.data, { status: 'started', message: 'Database upgrade', duration_minutes: 30, scheduled_start: String, scheduled_end: String, affected_services: ['sync', 'ai_chat'] });
  t.equal(Date.parse(event.data.scheduled_end) - Date.parse(event.data.scheduled_start), 30 * 60_000);

  const sync = await api(srv, ann).post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  t.equal(sync.status, 503);
  t.equal(sync.body.error.code, 'MAINTENANCE_MODE');
  a.send({ type: 'ai_chat_message', data: { message: 'What should I play next?' }, id: 'm1' });
  t.match(await a.next((f) => f.id === 'm1'), { type: 'ai_error', data: { error_code: 'MAINTENANCE_MODE', is_recoverable: true } });

  // A socket that subscribes during maintenance is told at once.
  const late = await connectLibrary(srv, ann);
  await subscribeTo(late, ['maintenance_mode']);
  t.match(await late.next('maintenance_mode'), { data: { status: 'started' } });
  t.match((await api(srv, ann).get('/api/status')).body.maintenance, { status: 'active' });

  const ended = await api(srv, admin).post('/api/admin/maintenance', { action: 'end' });
  t.equal(ended.body.maintenance, null);
  t.match(await a.next((f) => f.type === 'maintenance_mode' && f.data.status === 'ended'), { data: { message: /ended/ } });
  t.equal((await api(srv, ann).post(`/api/libraries/${library.library_id}/sync`, { type: 'full' })).status, 202, 'syncs start again');
  await settle(quiet);
  t.equal(quiet.received.filter((f) => f.type === 'maintenance_mode').length, 0, 'notification_level filters maintenance (a warning) out');

  // Scheduled maintenance is announced as "starting".
  const later = await api(srv, admin).post('/api/admin/maintenance', { action: 'start', starts_in_minutes: 10, duration_minutes: 15, affected_services: ['sync'] });
  t.match(later.body.maintenance, { status: 'scheduled', affected_services: ['sync'] });
  t.match(await a.next((f) => f.type === 'maintenance_mode' && f.data.status === 'starting'), { data: { message: /starting in 10 minutes/ } });
  t.equal((await api(srv, admin).post('/api/admin/maintenance', { action: 'end' })).body.maintenance, null);
  t.same(invalidFrames(a), [], 'every frame a received matches its codec');
  t.same(invalidFrames(late), [], 'every frame late received matches its codec');
  for (const c of [a, quiet, late]) await c.close();
});

t.test('library system: notifications by level and platform health as system_status_update', async (t) => {
  const revisions = new Map<string, number>();
  const fixture = createFixtureAdapter({
    latencyMs: 0, failureRate: 0, rateLimitEvery: 0, rateLimitRetrySec: 1, seed: 1, drift: false,
    revisions: { get: async (k) => revisions.get(k), set: async (k, v) => void revisions.set(k, v) },
  });
  const srv = await startLibraryServer({ LIBRARY_SYNC_MAX_RETRIES: '0', LIBRARY_HEALTH_WINDOW: '8' }, { adapters: { fixture } });
  t.teardown(() => srv.close());
  const admin = await tokenFor(srv, 'admin');
  const ann = await tokenFor(srv, 'ann');
  const library = await createLibrary(srv, ann);
  const all = await connectLibrary(srv, ann);
  await subscribeTo(all, ['notifications', 'sync_progress']);
  const errorsOnly = await connectLibrary(srv, ann);
  await subscribeTo(errorsOnly, ['system_notification', 'system_status_update'], { notification_level: ['error'] });

  const sent = await api(srv, admin).post('/api/admin/notifications', {
    level: 'info', title: 'Platform API Update', message: 'Steam Web API is experiencing intermittent issues.',
    action: { type: 'url', label: 'View Status', url: 'https://steamstat.us/' }, dismissible: true, expires_at: '2030-07-20T18:00:00Z',
  });
  t.equal(sent.status, 201);
  t.match(await all.next('system_notification'), { data: { level: 'info', title: 'Platform API Update', action: { type: 'url', url: 'https://steamstat.us/' }, dismissible: true, expires_at: '2030-07-20T18:00:00Z' } });

  // Syncs that keep failing make the platform "down".
  for (let i = 0; i < 5; i++) {
    fixture.inject('fail');
    const res = await api(srv, ann).post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
    t.equal(res.status, 202);
    await all.next((f) => f.type === 'sync_failed' && f.data.operation_id === res.body.operation_id);
  }
  const status = await all.next('system_status_update', 5_000);
  t.match(status.data, { component: 'fixture_api', status: 'down', message: /failing/, impact: String });
  t.match(await errorsOnly.next('system_status_update'), { data: { status: 'down' } }, 'down is an error-level update');
  t.match((await api(srv, ann).get('/api/status')).body.components.fixture_api, { status: 'down' });

  // Recovery is announced too (info level: filtered out for the errors-only socket).
  for (let i = 0; i < 2; i++) {
    const res = await api(srv, ann).post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
    await all.next((f) => f.type === 'sync_completed' && f.data.operation_id === res.body.operation_id, 15_000);
  }
  t.match(await all.next((f) => f.type === 'system_status_update' && f.data.status === 'operational', 5_000), { data: { component: 'fixture_api' } });
  await settle(errorsOnly);
  t.equal(errorsOnly.received.filter((f) => f.type === 'system_status_update' && f.data.status === 'operational').length, 0);
  t.equal(errorsOnly.received.filter((f) => f.type === 'system_notification' && f.data.level === 'info').length, 0);
  t.same(invalidFrames(all), [], 'every frame all received matches its codec');
  await all.close();
  await errorsOnly.close();
});
