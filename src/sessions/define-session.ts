import type { Bus } from '../bus/index.js';
import type { Config } from '../config/index.js';
import type { HttpRoute, JwtAuth, Metrics, SocketRoute } from '../gateway/index.js';
import type { ActorKind, Clock, Logger } from '../runtime/index.js';
import type { Store } from '../store/index.js';

/** What a session type is given when the server builds it. */
export interface SessionDeps {
  bus: Bus;
  store: Store;
  config: Config;
  clock: Clock;
  logger: Logger;
  auth: JwtAuth;
  metrics: Metrics;
}

/**
 * A session type is plain data: its actors (machines), its sockets (route + codec +
 * where each message goes), its REST routes, and optional start/stop hooks.
 */
export interface SessionType {
  name: string;
  actors: readonly ActorKind[];
  sockets: readonly SocketRoute[];
  http?: readonly HttpRoute[];
  /** Runs once the server is listening (e.g. create a default table, start a loop). */
  start?(): Promise<void> | void;
  /** Runs at shutdown before actors are flushed. */
  stop?(): Promise<void> | void;
}

/** Builds a session type from the server's dependencies (migrations go here). */
export type SessionFactory = (deps: SessionDeps) => Promise<SessionType> | SessionType;

/** Check a session type once, at startup, so mistakes fail loudly and early. */
export function defineSession(session: SessionType): SessionType {
  if (!/^[a-z][a-z0-9-]*$/.test(session.name)) throw new Error(`session name "${session.name}" must be kebab-case`);
  for (const socket of session.sockets) {
    if (!socket.path.startsWith('/')) throw new Error(`${session.name}: socket path "${socket.path}" must start with /`);
  }
  for (const route of session.http ?? []) {
    if (!route.path.startsWith('/')) throw new Error(`${session.name}: REST path "${route.path}" must start with /`);
  }
  return session;
}
