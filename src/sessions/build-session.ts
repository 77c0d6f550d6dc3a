import type { PrivateFields } from '../contract/index.js';
import type { LiveSession, SessionDeps, SessionType } from './define-session.js';

/** A session type built against a running server. */
export interface BuiltSession extends LiveSession {
  readonly name: string;
  /** Its definition's privacy declarations, by actor kind (see `SessionDefinition.privateFields`). */
  readonly privateFields: Readonly<Record<string, PrivateFields>>;
}

/** The paths a wire family's routes name (`/ws?token=JWT` is the socket `/ws`). */
const routePath = (route: string) => route.split('?')[0];

/**
 * Build one session type: read its settings from the server's environment, build its
 * declared machines and its live parts, and check that the live parts are what the
 * definition says (so the charts and docs, which read only the definition, are true):
 * each declared kind runs exactly its declared machine, every socket is documented by
 * one of its wire families, every repository it names is on the store.
 */
export async function buildSession(session: SessionType, deps: SessionDeps): Promise<BuiltSession> {
  const { name } = session;
  const settings = session.config?.load(deps.config.env);
  for (const repository of session.repositories) {
    if (!(repository in deps.store)) throw new Error(`${name}: the store has no "${repository}" repository`);
  }
  const machines = session.machines(settings);
  const config = session.config ? { ...deps.config, [session.config.key]: settings } : deps.config;
  const live = await session.create({ ...deps, config, machines });

  const declared = new Set(Object.keys(machines));
  for (const actor of live.actors) {
    const machine = machines[actor.kind];
    if (!machine) throw new Error(`${name}: actor kind "${actor.kind}" is not declared in machines()`);
    // `.provide()` keeps the definition (`config`); anything else would chart a machine that does not run.
    if (actor.machine.config !== machine.config) {
      throw new Error(`${name}: actor kind "${actor.kind}" runs another machine than it declares (build it from machines["${actor.kind}"])`);
    }
    declared.delete(actor.kind);
  }
  if (declared.size > 0) throw new Error(`${name}: declared actor kinds without a live actor kind: ${[...declared].join(', ')}`);

  const documented = new Set(session.wire.flatMap((family) => family.routes.map(routePath)));
  for (const socket of live.sockets) {
    if (!documented.has(socket.path)) throw new Error(`${name}: socket ${socket.path} is in none of its wire families' routes`);
  }
  for (const route of live.http ?? []) {
    if (!route.path.startsWith('/')) throw new Error(`${name}: REST path "${route.path}" must start with /`);
  }
  return { name, privateFields: session.privateFields, ...live };
}
