import type { AnyStateMachine } from 'xstate';
import { createBus } from '../bus/index.js';
import { loadConfig } from '../config/index.js';
import { createJwtAuth, createMetrics } from '../gateway/index.js';
import { systemClock, type ActorKind, type Logger } from '../runtime/index.js';
import type { SessionFactory, SessionType } from '../sessions/define-session.js';
import { sessionTypes } from '../sessions/index.js';
import { createSqliteStore } from '../store/index.js';

/** One machine the server hosts: the session type that registers it and its actor kind. */
export interface RegisteredMachine {
  session: string;
  kind: string;
  machine: AnyStateMachine;
  /** The actor kind as registered (its `input` builds a fresh actor's input). */
  actor: ActorKind;
}

/** The machines of already built session types, in registration order. */
export function machinesOf(sessions: readonly SessionType[]): RegisteredMachine[] {
  return sessions.flatMap((session) =>
    session.actors.map((actor) => ({ session: session.name, kind: actor.kind, machine: actor.machine, actor })),
  );
}

const silent: Logger = { info() {}, warn() {}, error() {} };

/**
 * Every machine of every registered session type, without starting a server: each
 * factory is built with throwaway dependencies (an in-memory store, a fresh bus,
 * default settings) and its actor kinds are read. `npm run charts` and the tests use
 * this, so a new session type is charted and tested as soon as it is registered.
 */
export async function registeredMachines(factories: readonly SessionFactory[] = sessionTypes): Promise<RegisteredMachine[]> {
  const store = await createSqliteStore(':memory:');
  const bus = createBus();
  try {
    const config = loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent' });
    const deps = {
      bus,
      store,
      config,
      clock: systemClock,
      logger: silent,
      auth: createJwtAuth(new Uint8Array(32)),
      metrics: createMetrics(() => ({})),
    };
    const sessions: SessionType[] = [];
    for (const factory of factories) sessions.push(await factory(deps));
    const machines = machinesOf(sessions);
    const seen = new Set<string>();
    for (const { kind, session } of machines) {
      if (seen.has(kind)) throw new Error(`charts: actor kind "${kind}" is registered twice (second time by session "${session}")`);
      seen.add(kind);
    }
    return machines;
  } finally {
    await bus.close();
    await store.close();
  }
}
