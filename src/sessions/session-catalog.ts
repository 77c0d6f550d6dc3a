import type { AnyStateMachine } from 'xstate';
import { chartsConfig } from '../config/charts.js';
import { clusterConfig } from '../config/cluster.js';
import type { ConfigSection } from '../config/index.js';
import type { PrivateFields } from '../contract/index.js';
import { serverConfig } from '../config/server.js';
import { natsConfig } from '../config/nats.js';
import type { WireFamily } from '../protocol/wire-family.js';
import type { SessionType } from './define-session.js';

/** One declared machine: the session type that declares it and its actor kind. */
export interface DeclaredMachine {
  session: string;
  kind: string;
  machine: AnyStateMachine;
  /** What of it is private (undefined: the session type declares nothing for this kind). */
  privateFields?: PrivateFields;
}

/**
 * What a list of session types declares, read without building any of them: what
 * `npm run docs`, `npm run charts` and their staleness tests derive from the server's
 * one list (`sessionTypes`). Settings are the defaults (an empty environment), so the
 * generated files do not depend on who runs the script.
 */
export function catalogOf(sessions: readonly SessionType[]) {
  const names = new Set<string>();
  const kinds = new Map<string, string>();
  const machines: DeclaredMachine[] = [];
  for (const session of sessions) {
    if (names.has(session.name)) throw new Error(`sessions: "${session.name}" is registered twice`);
    names.add(session.name);
    for (const [kind, machine] of Object.entries(session.machines(session.config?.load({})))) {
      const other = kinds.get(kind);
      if (other) throw new Error(`sessions: actor kind "${kind}" is declared by both "${other}" and "${session.name}"`);
      kinds.set(kind, session.name);
      machines.push({ session: session.name, kind, machine, privateFields: session.privateFields[kind] });
    }
  }
  const wireFamilies: WireFamily[] = sessions.flatMap((session) => session.wire);
  /** The server's own sections first, then each session type's, in registration order. */
  const configSections: ConfigSection[] = [serverConfig, chartsConfig, natsConfig, clusterConfig, ...sessions.flatMap((session) => (session.config ? [session.config] : []))];
  return { machines, wireFamilies, configSections };
}
