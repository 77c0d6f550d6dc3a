import type { AnyStateMachine, ContextFrom, EventFromLogic, InputFrom, SnapshotFrom } from 'xstate';

/**
 * Sample events for a machine's model-based test (test/charts/model-paths.test.ts): with
 * them, `xstate/graph` explores every state the machine can reach, and the test drives a
 * real actor along the shortest path to each one. An unreachable state or a dead end
 * fails the suite.
 *
 * Put them next to the machine as `machines/<session>/<machine-file>.samples.ts` with a
 * default export; the test finds the file and matches it to the registered actor kind
 * whose machine has the same id. `xstate.after.*` events are added automatically.
 */
export interface MachineSamples<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** The pure machine definition (effects left as the stubs `setup()` declares). */
  machine: TMachine;
  /** Input for a fresh actor. */
  input: InputFrom<TMachine>;
  /**
   * Events to try in every state, each type with payloads that take every guard both
   * ways (different senders, valid and invalid values). Client events carry `$from` and
   * `$at` as the runtime stamps them.
   */
  events: readonly EventFromLogic<TMachine>[] | ((snapshot: SnapshotFrom<TMachine>) => readonly EventFromLogic<TMachine>[]);
  /**
   * The part of the context the guards read. Two snapshots with the same state value and
   * the same key are one state for the exploration, so keep it small (sorted ids, flags,
   * counts), never timestamps. If `events` reads the context (e.g. a request sequence number or
   * whose turn it is), the key MUST include what it reads, or two snapshots that differ there are
   * merged and the test drives a real actor with events built for the other one.
   */
  key: (context: ContextFrom<TMachine>) => unknown;
  /** Most traversal steps before the exploration fails as unbounded (default 50 000): a sign the key holds too much. */
  limit?: number;
}

/** Type-check a machine's samples. @example export default defineSamples({ machine, input, events, key }) */
export function defineSamples<TMachine extends AnyStateMachine>(samples: MachineSamples<TMachine>): MachineSamples<TMachine> {
  return samples;
}
