import t from 'tap';
import { startServer } from '../support/server.js';
import { loadConfig } from '../../src/config/index.js';

t.test('cluster mode refuses to start without the shared store and secrets', async (t) => {
  const url = 'nats://127.0.0.1:1';
  await t.rejects(startServer({ NATS_URL: url, STORE_SECRET: 's' }), /cluster mode \(NATS_URL\) needs DATABASE_URL/, 'no DATABASE_URL');
  await t.rejects(startServer({ NATS_URL: url, DATABASE_URL: 'postgres://x@127.0.0.1:1/x' }), /needs STORE_SECRET/, 'no STORE_SECRET');
  await t.rejects(startServer({ NATS_URL: url, DATABASE_URL: 'postgres://x@127.0.0.1:1/x', STORE_SECRET: 's', JWT_SECRET: '' }), /needs JWT_SECRET/, 'no JWT_SECRET');
});

t.test('cluster settings: a node id is generated when none is given, and must be a subject token', async (t) => {
  const a = loadConfig({ NATS_URL: 'nats://x' }).nats;
  const b = loadConfig({ NATS_URL: 'nats://x' }).nats;
  t.match(a.nodeId, /^[A-Za-z0-9_-]+$/);
  t.not(a.nodeId, b.nodeId, 'a fresh id per process start');
  t.equal(loadConfig({}).nats.enabled, false, 'no NATS_URL: one process, in-process bus');
  t.throws(() => loadConfig({ CLUSTER_NODE_ID: 'a.b' }), /CLUSTER_NODE_ID/);
});
