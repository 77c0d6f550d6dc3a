import type { AnyStateMachine } from 'xstate';
import type { Bus } from '../bus/index.js';
import type { Config, ConfigSection, ConfigWith } from '../config/index.js';
import type { PrivateFields } from '../contract/index.js';
import type { HttpRoute, JwtAuth, Metrics, SocketRoute } from '../gateway/index.js';
import type { WireFamily } from '../protocol/wire-family.js';
import type { ActorKind, Clock, Logger } from '../runtime/index.js';
import type { Store } from '../store/index.js';

/** What a session type is given when the server builds it. */
export interface SessionDeps<TConfig extends Config = Config> {
  bus: Bus;
  store: Store;
  /** The server's config, plus the session's own section under its key (`config.mafia`). */
  config: TConfig;
  clock: Clock;
  logger: Logger;
  auth: JwtAuth;
  metrics: Metrics;
  /** Live actors of `kind` on this process (the global caps on live sessions read it). */
  liveActors(kind: string): number;
}

/** The parts of a session type that need a running server: built once per server by `create`. */
export interface LiveSession {
  /** One per declared machine, running that machine (or its `.provide()`d version). */
  actors: readonly ActorKind[];
  sockets: readonly SocketRoute[];
  http?: readonly HttpRoute[];
  /** Runs once the server is listening (e.g. create a default table, start a loop). */
  start?(): Promise<void> | void;
  /** Runs at shutdown before actors are flushed. */
  stop?(): Promise<void> | void;
}

/** Actor kind → its machine. */
export type SessionMachines = Readonly<Record<string, AnyStateMachine>>;

/**
 * A session type is one piece of data. What it is — its name, its settings, its actor
 * kinds with their machines, its wire families — is readable without a server, so docs,
 * the README's configuration table and the charts come from it alone; `create` builds
 * what needs one (actor kinds with their I/O, socket and REST routes).
 */
export interface SessionDefinition<K extends string, V, M extends SessionMachines> {
  /** Kebab-case; names the session in /healthz and the charts. */
  name: string;
  /** Its settings (`src/config/<name>.ts`); handed to `create` as `config[key]`. */
  config?: ConfigSection<K, V>;
  /** Its actor kinds' machines, from its settings alone. */
  machines(settings: V): M;
  /**
   * What of each kind's machine `/charts` must never show (declared next to the machine,
   * `machines/<name>/private-fields.ts`). A kind without one shows no context and no
   * event payloads at all.
   */
  privateFields?: { readonly [P in keyof M]: PrivateFields };
  /** The wire families its sockets speak: every socket path is one of their routes. */
  wire: readonly WireFamily[];
  /** The domain repositories it needs from the store, checked at startup (e.g. `channels`). */
  repositories?: readonly string[];
  /** Build the live parts; `machines` are the declared machines, for the actor kinds to run. */
  create(deps: SessionDeps<ConfigWith<K, V>> & { machines: M }): Promise<LiveSession> | LiveSession;
}

/** A checked session definition, as the server's list holds it. */
export interface SessionType {
  readonly name: string;
  readonly config?: ConfigSection;
  readonly wire: readonly WireFamily[];
  readonly repositories: readonly string[];
  machines(settings: unknown): SessionMachines;
  /** Actor kind → what of its machine is private (absent kinds: everything). */
  readonly privateFields: Readonly<Record<string, PrivateFields>>;
  create(deps: SessionDeps & { machines: SessionMachines }): Promise<LiveSession> | LiveSession;
}

const KEBAB = /^[a-z][a-z0-9-]*$/;

/**
 * Check a session type once, where it is defined, so mistakes fail loudly and early.
 * What can only be checked against the live parts (each declared machine runs, each
 * socket is documented) is checked when the server builds it (`buildSession`).
 * @example
 * export const echoSession = defineSession({
 *   name: 'echo',
 *   machines: () => ({ room: roomMachine }),
 *   wire: [echoWire],
 *   create: ({ machines }) => ({ actors: [defineActorKind({ kind: 'room', machine: machines.room })], sockets: [echoSocket] }),
 * });
 */
export function defineSession<K extends string = never, V = undefined, M extends SessionMachines = SessionMachines>(
  definition: SessionDefinition<K, V, M>,
): SessionType {
  const { name } = definition;
  if (!KEBAB.test(name)) throw new Error(`session name "${name}" must be kebab-case`);
  for (const family of definition.wire) {
    for (const route of family.routes) {
      if (!route.startsWith('/')) throw new Error(`${name}: wire family ${family.name}: route "${route}" must start with /`);
    }
  }
  return {
    name,
    config: definition.config,
    wire: definition.wire,
    repositories: definition.repositories ?? [],
    privateFields: definition.privateFields ?? {},
    machines(settings) {
      const machines = definition.machines(settings as V);
      for (const kind of Object.keys(machines)) {
        if (!KEBAB.test(kind)) throw new Error(`${name}: actor kind "${kind}" must be kebab-case`);
      }
      return machines;
    },
    create: (deps) => definition.create(deps as unknown as SessionDeps<ConfigWith<K, V>> & { machines: M }),
  };
}
