import t, { type Test } from 'tap';
import { createFixtureAdapter, type FixtureOptions } from '../../src/sessions/library/adapters/fixture-adapter.js';
import { api, connectLibrary, createLibrary, startLibraryServer, subscribeTo, tokenFor, invalidFrames } from './helpers.js';

function scriptedFixture(options: Partial<FixtureOptions> = {}) {
  const revisions = new Map<string, number>();
  return createFixtureAdapter({
    latencyMs: 1,
    failureRate: 0,
    rateLimitEvery: 0,
    rateLimitRetrySec: 1,
    seed: 7,
    drift: true,
    revisions: { get: async (a) => revisions.get(a), set: async (a, r) => void revisions.set(a, r) },
    ...options,
  });
}

async function setup(t: Test, fixtureOptions: Partial<FixtureOptions> = {}, env: Record<string, string> = {}) {
  const fixture = scriptedFixture(fixtureOptions);
  const srv = await startLibraryServer(env, { adapters: { fixture } });
  t.teardown(() => srv.close());
  const token = await tokenFor(srv, 'ann');
  const library = await createLibrary(srv, token);
  const client = await connectLibrary(srv, token);
  await subscribeTo(client, ['sync_progress', 'notifications']);
  t.teardown(() => client.close());
  return { srv, fixture, token, library, client, rest: api(srv, token) };
}

t.test('library sync: a platform rate limit pauses the job, which resumes by itself', async (t) => {
  const { client, rest, library } = await setup(t, { rateLimitEvery: 120, rateLimitRetrySec: 1 });
  const { body } = await rest.post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  const limited = await client.next('sync_rate_limited', 10_000);
  t.match(limited.data, {
    operation_id: body.operation_id,
    library_id: library.library_id,
    status: 'rate_limited',
    platform: 'fixture',
    retry_after_seconds: 1,
    requests_remaining: 0,
    window_reset_at: /^\d{4}-/,
    auto_resume: true,
  });
  const during = await rest.get(`/api/operations/${body.operation_id}`);
  t.equal(during.body.status, 'rate_limited', 'the operation shows the pause');
  const done = await client.next('sync_completed', 15_000);
  t.match(done.data, { games_processed: 198, games_added: 198, errors_count: 0 });
  const index = client.received.indexOf(limited);
  t.ok(client.received.slice(index).some((f) => f.type === 'sync_progress' && f.data.status === 'in_progress'), 'progress carries on after the pause');
});

t.test('library sync: a rate limit longer than the server waits fails the job with the retry time', async (t) => {
  const { client, rest, library, fixture } = await setup(t, { rateLimitRetrySec: 3600 });
  fixture.inject('rate_limit');
  await rest.post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  const limited = await client.next('sync_rate_limited');
  t.equal(limited.data.auto_resume, false);
  const failed = await client.next('sync_failed');
  t.match(failed.data, { status: 'failed', error_code: 'PLATFORM_RATE_LIMITED', can_retry: true, retry_after_seconds: 3600 });
});

t.test('library sync: transient failures are retried; persistent ones fail the job, and a retry finishes it', async (t) => {
  const { client, rest, library, fixture } = await setup(t);
  fixture.inject('fail', 2);
  const first = await rest.post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  const ok = await client.next('sync_completed', 15_000);
  t.equal(ok.data.operation_id, first.body.operation_id);
  t.equal(client.received.filter((f) => f.type === 'sync_failed').length, 0, 'two 503s in a row are absorbed by retries');

  // A new account state, then a platform that keeps failing mid-way.
  const second = await rest.post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  await client.next((f) => f.type === 'sync_started' && f.data.operation_id === second.body.operation_id);
  fixture.inject('fail', 4);
  const failed = await client.next('sync_failed', 15_000);
  t.match(failed.data, {
    operation_id: second.body.operation_id,
    library_id: library.library_id,
    status: 'failed',
    error_code: 'PLATFORM_API_ERROR',
    error_message: /503 Service Unavailable/,
    games_total: 199,
    can_retry: true,
    retry_after_seconds: 300,
  });
  t.ok(failed.data.recovery_suggestions.length >= 2 && failed.data.recovery_suggestions.every((s: unknown) => typeof s === 'string'));
  t.ok(failed.data.games_processed < 198);
  t.match((await rest.get(`/api/operations/${second.body.operation_id}`)).body, { status: 'failed', error_code: 'PLATFORM_API_ERROR' });

  const retry = await rest.post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  t.equal(retry.status, 202, 'a failed sync can be retried');
  const done = await client.next((f) => f.type === 'sync_completed' && f.data.operation_id === retry.body.operation_id, 15_000);
  t.equal(done.data.games_processed, 199);
  t.equal((await rest.get(`/api/libraries/${library.library_id}/games?limit=1`)).body.total, 199, 'nothing is duplicated by the failed attempt');
});

t.test('library sync: a refused credential fails at once and cannot be retried as is', async (t) => {
  const { client, rest, library, fixture } = await setup(t);
  fixture.inject('auth');
  await rest.post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  const failed = await client.next('sync_failed');
  t.match(failed.data, { error_code: 'PLATFORM_AUTH_ERROR', can_retry: false, games_processed: 0 });
});

t.test('library sync: cancel stops a running job; one job per library at a time', async (t) => {
  const { client, rest, library } = await setup(t, { latencyMs: 5 });
  const start = await rest.post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  const busy = await rest.post(`/api/libraries/${library.library_id}/sync`, { type: 'incremental' });
  t.equal(busy.status, 409);
  t.match(busy.body, { error: { code: 'SYNC_IN_PROGRESS' }, operation_id: start.body.operation_id });
  await client.next('sync_progress', 10_000);
  const cancel = await rest.post(`/api/operations/${start.body.operation_id}/cancel`);
  t.same(cancel.body, { operation_id: start.body.operation_id, status: 'cancelled' });
  const failed = await client.next('sync_failed');
  t.match(failed.data, { operation_id: start.body.operation_id, status: 'cancelled', error_code: 'SYNC_CANCELLED', can_retry: true });
  const processed = failed.data.games_processed;
  t.ok(processed > 0 && processed < 198);
  const again = await rest.post(`/api/operations/${start.body.operation_id}/cancel`);
  t.equal(again.status, 409);
  t.equal(again.body.error.code, 'OPERATION_FINISHED');
  t.equal((await rest.get(`/api/operations/${start.body.operation_id}`)).body.status, 'cancelled');
  t.equal((await rest.post('/api/operations/00000000-0000-4000-8000-000000000000/cancel')).status, 404);
  const next = await rest.post(`/api/libraries/${library.library_id}/sync`, { type: 'full' });
  t.equal(next.status, 202, 'a new sync may start once the old one is cancelled');
  const done = await client.next('sync_completed', 15_000);
  t.same(invalidFrames(client), [], 'every frame client received matches its codec');
  t.equal(done.data.games_added, 199 - processed, 'games stored before the cancel are kept (the simulated player bought one more)');
});
