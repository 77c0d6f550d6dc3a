import t from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { fuzzRoutes, runFuzz } from '../../bench/lib-fuzz.js';
import { FUZZ_SERVER_ENV } from '../../bench/lib-fuzz-env.js';
import { startServer } from '../support/server.js';

// The fuzzer of `npm run bench -- fuzz`, 2,000 frames per route against a test server:
// no frame may crash it, and every frame the protocol must answer gets its answer.
// No timing asserts (the bench prints /healthz latency; a loaded machine says nothing here).
// 12,000 frames, each waiting for its answer: longer than tap's default per file on a loaded machine.
t.setTimeout(600_000);

t.test('fuzz: 2,000 frames on every route — no crash, nothing unanswered', async (t) => {
  const srv = await startServer({ ...FUZZ_SERVER_ENV });
  t.teardown(() => srv.close());
  const reports = await runFuzz({
    url: srv.url,
    frames: Number(process.env.FUZZ_FRAMES ?? 2000),
    seed: Number(process.env.FUZZ_SEED ?? 20261201),
    mint: (user) => srv.server.auth.mint(user, 3600).token,
    answerTimeoutMs: 10_000,
  });
  t.same(reports.map((r) => r.route), fuzzRoutes.map((r) => r.path), 'every route was fuzzed');
  for (const r of reports) {
    t.equal(r.crashes, 0, `${r.route}: no crash`);
    t.equal(r.unanswered, 0, `${r.route}: nothing unanswered ${r.unansweredSamples.join(' | ')}`);
    t.ok(r.errors > 0 && r.accepted > 0, `${r.route}: both bad frames (${r.errors} errors) and valid ones (${r.accepted} accepted)`);
  }
});

t.test('fuzz: a server that ignores bad input is caught — its frames are counted unanswered', async (t) => {
  // Answers /healthz and the probe, nothing else: every bad frame goes unanswered.
  const http = createServer((req, res) => void res.writeHead(req.url === '/healthz' ? 200 : 404).end('{}'));
  const wss = new WebSocketServer({ server: http, path: '/opponent/ws', skipUTF8Validation: true });
  wss.on('connection', (ws) => ws.on('error', () => {}).on('message', (data) => {
    if (data.toString().includes('$fuzz.probe')) ws.send(JSON.stringify({ type: 'error', code: 'INVALID_EVENT', message: 'unknown message type "$fuzz.probe"' }));
  }));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { wss.close(); http.close(() => resolve()); }));
  const { port } = http.address() as AddressInfo;
  const [report] = await runFuzz({ url: `http://127.0.0.1:${port}`, frames: 100, seed: 5, routes: ['/opponent/ws'], mint: () => 'unused', answerTimeoutMs: 2000 });
  t.ok(report.unanswered > 0, `${report.unanswered} of 100 frames unanswered`);
  t.ok(report.unansweredSamples.length > 0, 'with samples for the report');
  t.equal(report.crashes, 0, 'its /healthz answered');
});
