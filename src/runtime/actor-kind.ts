import type { AnyStateMachine, SnapshotFrom } from 'xstate';

/**
 * One kind of actor the runtime can host: a machine plus what the runtime needs to
 * know about it. Machines receive client messages as events with two extra fields:
 * `$from` (the Sender) and `$at` (the runtime clock, epoch ms).
 */
export interface ActorKind<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** Address prefix: actors of this kind live at `<kind>/<id>`. */
  kind: string;
  machine: TMachine;
  /** Input for a fresh actor (no snapshot in the store); the host awaits a Promise (e.g. read from a repository). */
  input?: (id: string) => unknown | Promise<unknown>;
  /** Whether the actor may be snapshotted and stopped when idle. Default: yes. */
  canPassivate?: (snapshot: SnapshotFrom<TMachine>) => boolean;
  /** Whether this snapshot is worth storing (e.g. not for a never-created channel). Default: yes. */
  shouldPersist?: (snapshot: SnapshotFrom<TMachine>) => boolean;
  /** How many members the session has (for /metrics and the live chart view). */
  members?: (snapshot: SnapshotFrom<TMachine>) => number;
}

export function defineActorKind<TMachine extends AnyStateMachine>(kind: ActorKind<TMachine>): ActorKind {
  if (!/^[a-z][a-z0-9-]*$/.test(kind.kind)) throw new Error(`actor kind "${kind.kind}" must be kebab-case`);
  return kind as unknown as ActorKind;
}
