import { connect, http, type TestClient } from '../support/client.js';
import type { TestServer } from '../support/server.js';

/** A channel user: a token, REST calls with it, and sockets on /voice/ws. */
export async function userOf(srv: TestServer, id: string, name?: string) {
  const minted = await http(srv.url, 'POST', '/api/auth/token', { user_id: id, ...(name ? { name } : {}) });
  if (minted.status !== 201) throw new Error(`could not mint a token: ${JSON.stringify(minted)}`);
  const token: string = minted.body.token;
  const auth = { authorization: `Bearer ${token}` };
  return {
    id,
    token,
    rest: (method: string, path: string, body?: unknown) => http(srv.url, method, path, body, auth),
    /** A socket that has received its `ready` event (kept as `.ready`). */
    async socket(): Promise<TestClient & { ready: any }> {
      const client = await connect(srv.wsUrl(`/voice/ws?token=${token}`));
      return Object.assign(client, { ready: await client.next('ready') });
    },
  };
}

export type ChannelUser = Awaited<ReturnType<typeof userOf>>;

/** Subscribe and wait for the acknowledgement. */
export async function subscribe(client: TestClient, channelId: string) {
  client.send({ id: `sub-${channelId}`, type: 'subscribe', channel_id: channelId });
  return client.next((f) => f.type === 'subscribed' || (f.type === 'error' && f.id === `sub-${channelId}`));
}
