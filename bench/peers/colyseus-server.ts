/**
 * The Colyseus 0.18 side of `npm run bench -- peers`: one room per match running OUR pong
 * tick (machines/pong/match-tick.ts, imported, the same as the bare loop's) at 60 Hz with
 * `setSimulationInterval`, its state a Colyseus schema patched to the client at
 * `patchRate` 1000/60, inputs as room messages. `GET /api/pong/loop` reports like the
 * Actorcade server (bench/lib-pong-measure.ts reads it): each room's timer is its own
 * loop, so lateness is how far each simulation callback ran past one period after the
 * previous one, and every room-tick is a match-tick.
 *
 * A room created with `{ idle: true }` does not simulate: the memory comparison's idle room.
 * Env: PORT (0 picks one); COLYSEUS_TRANSPORT=ws (default, `@colyseus/ws-transport`) or uws
 * (`@colyseus/uwebsockets-transport` on the same uWebSockets.js build Actorcade runs).
 * Prints `listening on http://127.0.0.1:PORT`.
 */
import { Room, defineRoom, defineServer, type Client } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { schema, t } from '@colyseus/schema';
import type { AddressInfo } from 'node:net';
import { advanceMatch, type TickState } from '../../machines/pong/match-tick.js';
import { freshGame } from '../../machines/pong/match-machine.js';
import { seedFrom } from '../../machines/pong/prng.js';
import { defaultMatchSettings } from '../../machines/pong/settings.js';
import { collectGarbage, createLoopStats } from '../../src/sessions/pong/loop-stats.js';

const settings = { ...defaultMatchSettings, targetScore: 1_000_000 };
const PERIOD_MS = 1000 / 60;
const DIR: Record<string, number> = { LEFT: -1, NEUTRAL: 0, RIGHT: 1 };

/** What `game_state` carries, as one flat schema (Colyseus sends the fields that changed). */
const PongState = schema({
  timestamp: t.float64(),
  ballX: t.number(),
  ballY: t.number(),
  ballVx: t.number(),
  ballVy: t.number(),
  playerY: t.number(),
  playerVy: t.number(),
  aiY: t.number(),
  aiVy: t.number(),
  scorePlayer: t.number(),
  scoreAi: t.number(),
  stressLevel: t.number(),
});
type PongStateType = InstanceType<typeof PongState>;

const stats = createLoopStats(() => performance.now());
let playing = 0;

class PongRoom extends Room<{ state: PongStateType }> {
  maxClients = 1;
  private game!: TickState;

  onCreate(options: { idle?: boolean }) {
    this.state = new PongState();
    if (options?.idle) return;
    this.patchRate = PERIOD_MS;
    this.game = freshGame(settings, Date.now(), seedFrom(this.roomId));
    this.onMessage('input', (_client: Client, message: { direction: string }) => {
      this.game.playerDir = DIR[message.direction] ?? 0;
      this.game.lastSignalAt = Date.now();
    });
    playing++;
    this.setSimulationInterval((deltaMs) => this.tick(deltaMs), PERIOD_MS);
  }

  private tick(deltaMs: number) {
    const started = performance.now();
    const now = Date.now();
    const g = this.game;
    advanceMatch(g, now, settings);
    const state = this.state;
    state.timestamp = now;
    state.ballX = g.ballX;
    state.ballY = g.ballY;
    state.ballVx = g.ballVx;
    state.ballVy = g.ballVy;
    state.playerY = g.playerY;
    state.playerVy = g.playerVy;
    state.aiY = g.aiY;
    state.aiVy = g.aiVy;
    state.scorePlayer = g.scorePlayer;
    state.scoreAi = g.scoreAi;
    state.stressLevel = g.stress;
    stats.record(Math.max(0, deltaMs - PERIOD_MS), performance.now() - started, 1);
  }

  onDispose() {
    if (this.game) playing--;
  }
}

function loopStats(query: URLSearchParams): string {
  if (query.get('gc') === '1') collectGarbage();
  return JSON.stringify(stats.read(playing, 0, query.get('reset') === '1'));
}

const rooms = { pong: defineRoom(PongRoom) };
const port = Number(process.env.PORT ?? 0);
if (process.env.COLYSEUS_TRANSPORT === 'uws') {
  const { uWebSocketsTransport } = await import('@colyseus/uwebsockets-transport');
  const uWS = (await import('uWebSockets.js')).default;
  // The build silently falls back to a pure-JS implementation when its binary does not load.
  if (typeof uWS.DISABLED !== 'number') throw new Error('uWebSockets.js runs its JavaScript fallback here, not the native build: no figure would be uWS');
  const transport = new uWebSocketsTransport();
  // A static route wins over the transport's `any('/*')` in uWS's router, whatever the order.
  transport.app.get('/api/pong/loop', (res, req) => {
    const body = loopStats(new URLSearchParams(req.getQuery() ?? ''));
    res.cork(() => res.writeHeader('content-type', 'application/json').end(body));
  });
  await defineServer({ transport, greet: false, rooms }).listen(port, '127.0.0.1');
  const socket = (transport as unknown as { _listeningSocket: unknown })._listeningSocket;
  console.log(`listening on http://127.0.0.1:${uWS.us_socket_local_port(socket as never)}`);
} else {
  const transport = new WebSocketTransport();
  const server = defineServer({
    transport,
    greet: false,
    rooms,
    express(app) {
      app.get('/api/pong/loop', (req: { url: string }, res: { type(t: string): { send(body: string): void } }) => {
        res.type('application/json').send(loopStats(new URL(req.url, 'http://x').searchParams));
      });
    },
  });
  await server.listen(port, '127.0.0.1');
  const address = (transport as unknown as { server: { address(): AddressInfo } }).server.address();
  console.log(`listening on http://127.0.0.1:${address.port}`);
}
