import { checkLibraryServerFrame } from '../../src/protocol/library.js';
import { connect, http, type TestClient } from '../support/client.js';
import { startServer, type TestServer } from '../support/server.js';
import { createLibrarySession, type LibrarySessionOptions } from '../../src/sessions/library/index.js';

/** Short timers and a fast fixture platform, so whole syncs run in well under a second. */
export const FAST_ENV: Record<string, string> = {
  LIBRARY_FIXTURE_LATENCY_MS: '0',
  LIBRARY_SYNC_PROGRESS_INTERVAL_MS: '15',
  LIBRARY_SYNC_RETRY_BASE_MS: '20',
  LIBRARY_AI_CHUNK_DELAY_MS: '0',
  SNAPSHOT_EVERY_MS: '100',
};

export async function startLibraryServer(env: Record<string, string> = {}, options: LibrarySessionOptions & { dataDir?: string } = {}) {
  const { dataDir, ...sessionOptions } = options;
  return startServer({ ...FAST_ENV, ...env }, { sessions: [createLibrarySession(sessionOptions)], ...(dataDir ? { dataDir } : {}) });
}

export async function tokenFor(srv: TestServer, userId: string): Promise<string> {
  const res = await http(srv.url, 'POST', '/api/auth/token', { user_id: userId });
  if (res.status !== 201) throw new Error(`token: ${res.status}`);
  return res.body.token;
}

/** An administrator's token: development minting refuses admin ids, so it is signed as a JWT_SECRET holder would. */
export function adminTokenFor(srv: TestServer, userId = 'admin'): string {
  return srv.server.auth.mint(userId, 3600).token;
}

/** A REST client for one user. */
export function api(srv: TestServer, token: string) {
  const auth = { authorization: `Bearer ${token}` };
  return {
    get: (path: string) => http(srv.url, 'GET', path, undefined, auth),
    post: (path: string, body: unknown = {}) => http(srv.url, 'POST', path, body, auth),
  };
}

/** Connect as a seed client does and wait for `connection_established`. */
export async function connectLibrary(srv: TestServer, token: string): Promise<TestClient> {
  const client = await connect(srv.wsUrl(`/ws?token=${encodeURIComponent(token)}`));
  await client.next('connection_established');
  return client;
}

export async function subscribeTo(client: TestClient, events: string[], filters: Record<string, unknown> = {}) {
  const id = `sub_${Math.random().toString(36).slice(2)}`;
  client.send({ type: 'subscribe', data: { events, filters }, id, timestamp: new Date().toISOString() });
  return client.next((f) => f.type === 'subscribed' && f.id === id);
}

export async function createLibrary(srv: TestServer, token: string, name = 'My Fixture Library', platform = 'fixture', extra: Record<string, unknown> = {}) {
  const res = await api(srv, token).post('/api/libraries', { name, platform, ...extra });
  if (res.status !== 201) throw new Error(`create library: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { library_id: string; name: string };
}

export const ofType = (client: TestClient, type: string) => client.received.filter((f) => f?.type === type);

/** Round-trip a ping: every frame the server sent this socket before it has then arrived. */
export async function settle(client: TestClient) {
  const id = `settle_${Math.random().toString(36).slice(2)}`;
  client.send({ type: 'ping', data: {}, id });
  await client.next((f) => f.type === 'pong' && f.id === id);
}

/** Every frame a client received, checked against the server-event codecs: the problems found. */
export function invalidFrames(client: TestClient): string[] {
  return client.received.flatMap((frame) => {
    const problem = checkLibraryServerFrame(frame);
    return problem ? [`${frame?.type}: ${problem}`] : [];
  });
}
