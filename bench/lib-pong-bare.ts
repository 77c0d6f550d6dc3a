/**
 * The ceiling for bench/pong.ts: bare uWebSockets.js running the SAME pure match tick
 * (machines/pong/match-tick.ts: AI, physics, metrics, taunts) + JSON.stringify + ws.send
 * per match per frame, on the same drift-compensated scheduler — with no bus, actor,
 * codec or io-ts. Speaks just enough of /pong/ws for the load generator: connect →
 * session_created, start_game → the match runs, input_command → paddle direction.
 * GET /api/pong/loop reports like the real server.
 */
import uWS from 'uWebSockets.js';
import { randomUUID } from 'node:crypto';
import { advanceMatch, gameStateOf, type TickState } from '../machines/pong/match-tick.js';
import { seedFrom } from '../machines/pong/prng.js';
import { defaultMatchSettings } from '../machines/pong/settings.js';
import { freshGame } from '../machines/pong/match-machine.js';
import { createFrameScheduler } from '../src/runtime/frame-scheduler.js';
import { collectGarbage, createLoopStats } from '../src/sessions/pong/loop-stats.js';

const s = { ...defaultMatchSettings, targetScore: 1_000_000 };
const DIR: Record<string, number> = { LEFT: -1, NEUTRAL: 0, RIGHT: 1 };

interface Match {
  ws: uWS.WebSocket<Data>;
  game: TickState;
}
interface Data {
  match?: Match;
  closed?: boolean;
}

const matches = new Set<Match>();
const stats = createLoopStats(() => performance.now());
const scheduler = createFrameScheduler({
  hz: 60,
  onFrame(frame) {
    const started = performance.now();
    const now = Date.now();
    for (const m of matches) {
      advanceMatch(m.game, now, s);
      m.ws.send(JSON.stringify(gameStateOf(m.game, now)), false);
    }
    stats.record(frame.lateMs, performance.now() - started, matches.size);
  },
});


const app = uWS.App();
app.ws<Data>('/pong/ws', {
  compression: uWS.DISABLED,
  maxPayloadLength: 64 * 1024,
  idleTimeout: 120,
  message(ws, message) {
    const msg = JSON.parse(Buffer.from(message).toString());
    const data = ws.getUserData();
    if (msg.type === 'input_command') {
      if (data.match) {
        data.match.game.playerDir = DIR[msg.data.direction] ?? 0;
        data.match.game.lastSignalAt = Date.now();
      }
    } else if (msg.type === 'connect') {
      ws.send(JSON.stringify({ type: 'session_created', data: { sessionId: randomUUID(), calibrationRequired: false } }), false);
    } else if (msg.type === 'start_game' && !data.match) {
      data.match = { ws, game: freshGame(s, Date.now(), seedFrom(randomUUID())) };
      matches.add(data.match);
      if (!scheduler.running) scheduler.start();
    }
  },
  close(ws) {
    const data = ws.getUserData();
    data.closed = true;
    if (data.match) matches.delete(data.match);
    if (matches.size === 0) scheduler.stop();
  },
});
app.get('/api/pong/loop', (res, req) => {
  const query = new URLSearchParams(req.getQuery() ?? '');
  if (query.get('gc') === '1') collectGarbage();
  const body = JSON.stringify(stats.read(matches.size, scheduler.skipped, query.get('reset') === '1'));
  res.cork(() => res.writeHeader('content-type', 'application/json').end(body));
});
app.listen('127.0.0.1', Number(process.env.PORT ?? 0), (socket) => {
  if (!socket) throw new Error('bare pong server: cannot listen');
  console.log(`listening on http://127.0.0.1:${uWS.us_socket_local_port(socket)}`);
});
