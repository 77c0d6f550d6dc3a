import t from 'tap';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { requireNats, startNats } from '../support/nats-server.js';

t.test('a throwaway nats-server with JetStream answers, stops and starts again', async (t) => {
  if (!requireNats(t)) return;
  const nats = await startNats(t);
  const nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
  const kv = await new Kvm(jetstream(nc)).create('probe');
  const rev = await kv.create('k', 'v1');
  await t.rejects(kv.create('k', 'v2'), 'create on an existing key is refused');
  t.ok((await kv.update('k', 'v2', rev)) > rev);
  const reconnected = (async () => {
    for await (const status of nc.status()) if (status.type === 'reconnect') return;
  })();
  await nats.stop();
  await nats.start();
  await reconnected; // the client reconnects by itself (a request while it is away is refused)
  t.equal((await kv.get('k'))?.string(), 'v2', 'JetStream state survives a restart');
  await nc.close();
});
