import type { AnyStateMachine } from 'xstate';
import type { PrivateFields } from '../contract/index.js';
import type { ActorKind } from '../runtime/index.js';
import type { BuiltSession } from '../sessions/build-session.js';
import type { SessionType } from '../sessions/define-session.js';
import { sessionTypes } from '../sessions/index.js';
import { catalogOf } from '../sessions/session-catalog.js';

/** One machine the server hosts: the session type that declares it and its actor kind. */
export interface RegisteredMachine {
  session: string;
  kind: string;
  machine: AnyStateMachine;
  /** What of its context and events the live view must not show (undefined: nothing may be shown). */
  privateFields?: PrivateFields;
  /** How many members a snapshot's session has (the live actor kind's count; absent when not built). */
  members?: ActorKind['members'];
}

/** The machines of session types a running server built, with their actor kinds' member counts. */
export function machinesOf(sessions: readonly BuiltSession[]): RegisteredMachine[] {
  return sessions.flatMap((session) =>
    session.actors.map((actor) => ({
      session: session.name,
      kind: actor.kind,
      machine: actor.machine,
      privateFields: session.privateFields[actor.kind],
      members: actor.members,
    })),
  );
}

/**
 * Every machine the session types declare (default: the server's list), read from their
 * definitions alone — no store, no bus, nothing built — at default settings. `npm run
 * charts` and the tests use this, so a new session type is charted and tested as soon
 * as it is registered.
 */
export function registeredMachines(sessions: readonly SessionType[] = sessionTypes): RegisteredMachine[] {
  return catalogOf(sessions).machines;
}
