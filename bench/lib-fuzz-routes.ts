/**
 * The routes the fuzzer drives: every socket route of the server's wire families
 * (`catalogOf(sessionTypes)`), each with its client codecs (what frames are generated
 * from), the route's own decoder (the oracle for "must this frame be answered?") and how
 * to set a session up so that valid commands reach an actor.
 */
import type * as t from 'io-ts';
import type WebSocket from 'ws';
import { loadChannelConfig } from '../src/config/channel.js';
import { loadMafiaConfig } from '../src/config/mafia.js';
import type { WireCodec } from '../src/contract/index.js';
import { createChannelCodec } from '../src/protocol/channel.js';
import { libraryCodec } from '../src/protocol/library.js';
import { createMafiaCodec } from '../src/protocol/mafia.js';
import { opponentCodec } from '../src/protocol/opponent.js';
import { pokerCodec } from '../src/protocol/poker.js';
import { pongCodec } from '../src/protocol/pong.js';
import { sessionTypes } from '../src/sessions/index.js';
import { catalogOf } from '../src/sessions/session-catalog.js';
import type { Hints } from './lib-fuzz-arbitrary.js';

export interface RouteContext {
  url: string;
  mint(user: string): string;
}

/** One socket's session: where to connect, the ids it knows, and what to send once open. */
export interface RouteSession {
  wsUrl: string;
  hints: Hints;
  ready(ws: WebSocket, next: NextFrame): Promise<void>;
}

/** The next server frame (JSON, past or future) matching `match`. */
export type NextFrame = (match: (frame: any) => boolean) => Promise<any>;

export interface FuzzRoute {
  path: string;
  client: readonly t.Mixed[];
  codec: WireCodec<unknown>;
  setup(ctx: RouteContext): Promise<RouteSession>;
}

const ws = (url: string, path: string) => url.replace(/^http/, 'ws') + path;

async function rest(ctx: RouteContext, method: string, path: string, body: unknown, token?: string) {
  const res = await fetch(ctx.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as any };
}

let users = 0;
const nextUser = (prefix: string) => `fuzz-${prefix}-${process.pid}-${++users}`;

/** Session set-up by route; the mafia game and the pong session outlive reconnects. */
const setups: Record<string, (ctx: RouteContext) => Promise<RouteSession>> = {
  '/mafia/ws': (() => {
    let credentials: { game_id: string; player_id: string; session_token: string } | undefined;
    return async (ctx) => ({
      wsUrl: ws(ctx.url, '/mafia/ws'),
      hints: credentials ? [credentials.game_id, credentials.player_id] : [],
      async ready(socket, next) {
        if (credentials) socket.send(JSON.stringify({ type: 'RECONNECT', payload: credentials }));
        else socket.send(JSON.stringify({ type: 'CREATE_GAME', payload: { player_name: 'Fuzz' } }));
        const answer = await next((f) => f.type === 'SESSION_CREDENTIALS' || f.type === 'GAME_STATE_SNAPSHOT' || f.type === 'ERROR');
        if (answer.type === 'SESSION_CREDENTIALS') credentials = answer.payload;
      },
    });
  })(),
  '/ws': async (ctx) => ({
    wsUrl: ws(ctx.url, `/ws?token=${ctx.mint(nextUser('library'))}`),
    hints: ['fixture', 'sync_progress', 'game_added'],
    ready: (_socket, next) => next((f) => f.type === 'connection_established').then(() => {}),
  }),
  '/poker/ws': async (ctx) => ({
    wsUrl: ws(ctx.url, '/poker/ws'),
    hints: ['t-1', 1000, 2000, 0, 1],
    async ready(socket, next) {
      await next((f) => f.type === 'SESSION');
      socket.send(JSON.stringify({ type: 'SIT', cmdId: 'fuzz-sit', tableId: 't-1', buyIn: 2000 }));
      await next((f) => f.type === 'TABLE_SNAPSHOT' || f.type === 'ERROR');
    },
  }),
  '/voice/ws': async (ctx) => {
    const user = nextUser('voice');
    const token = ctx.mint(user);
    const created = await rest(ctx, 'POST', '/api/channels', { name: 'fuzz' }, token);
    const channel: string = created.body.id;
    return {
      wsUrl: ws(ctx.url, `/voice/ws?token=${token}`),
      hints: [channel, user],
      async ready(socket, next) {
        await next((f) => f.type === 'ready');
        socket.send(JSON.stringify({ type: 'voice_join', channel_id: channel }));
        await next((f) => f.type === 'voice_user_joined' || f.type === 'error');
      },
    };
  },
  '/pong/ws': (() => {
    let sessionId: string | undefined;
    return async (ctx) => ({
      wsUrl: ws(ctx.url, '/pong/ws'),
      hints: sessionId ? [sessionId] : [],
      async ready(socket, next) {
        socket.send(JSON.stringify({ type: 'connect', data: sessionId ? { userId: sessionId } : {} }));
        const created = await next((f) => f.type === 'session_created');
        sessionId = created.data.sessionId;
      },
    });
  })(),
  '/opponent/ws': async (ctx) => ({
    wsUrl: ws(ctx.url, '/opponent/ws'),
    hints: ['pong', 'player_score', 'ai_score'],
    ready: async () => {},
  }),
};

/** The route's own decoder at the default limits (the fuzz server runs with them). */
const codecs: Record<string, WireCodec<unknown>> = {
  '/mafia/ws': createMafiaCodec(loadMafiaConfig({})),
  '/ws': libraryCodec,
  '/poker/ws': pokerCodec,
  '/voice/ws': createChannelCodec(loadChannelConfig({})),
  '/pong/ws': pongCodec,
  '/opponent/ws': opponentCodec,
};

export const fuzzRoutes: readonly FuzzRoute[] = catalogOf(sessionTypes).wireFamilies.flatMap((family) =>
  // A family may list one route twice (`/poker/ws` and `/poker/ws?resume=TOKEN`): one socket path each.
  [...new Set(family.routes.map((route) => route.split('?')[0]))].map((path) => {
    const setup = setups[path];
    const codec = codecs[path];
    if (!setup || !codec) throw new Error(`fuzz: route ${path} has no set-up; add it to bench/lib-fuzz-routes.ts`);
    return { path, client: family.client, codec, setup };
  }),
);
