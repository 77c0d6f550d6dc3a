import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import type { TickSpec } from '../contract/index.js';
import type { TickFrame } from './tick-scheduler.js';

/** A ticked kind's tick as the runtime takes it: the pure spec plus what the session observes of each frame. */
export interface KindTick<TSnapshot extends { context: object } = any, TState extends object = any> extends TickSpec<TSnapshot, TState> {
  /** Called after every frame with this kind's figures (loop statistics, metrics). */
  onFrame?(frame: TickFrame): void;
}

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
  /** A fixed-rate simulation the runtime steps while the machine is in a ticking state (see `TickSpec`). */
  tick?: KindTick<SnapshotFrom<TMachine>>;
}

export function defineActorKind<TMachine extends AnyStateMachine>(kind: ActorKind<TMachine>): ActorKind {
  if (!/^[a-z][a-z0-9-]*$/.test(kind.kind)) throw new Error(`actor kind "${kind.kind}" must be kebab-case`);
  if (kind.tick && !(kind.tick.hz > 0 && kind.tick.hz <= 1000)) throw new Error(`actor kind "${kind.kind}": tick.hz must be in (0, 1000], got ${kind.tick.hz}`);
  return kind as unknown as ActorKind;
}
