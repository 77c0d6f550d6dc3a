import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { describeAction, describeGuard, describeTrigger } from './describe.js';

/** The kind of a state node, as XState names it. */
export type ChartStateType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

/** One state node of a machine. `id` is XState's state node id (`channel.open`). */
export interface ChartState {
  id: string;
  key: string;
  type: ChartStateType;
  /** Id of the parent state node; null for the machine's root. */
  parent: string | null;
  /** Ids of the child states entered first (compound states; empty otherwise). */
  initial: string[];
  /** For history states: whether they remember the deep or shallow configuration. */
  history?: 'shallow' | 'deep';
  description?: string;
  tags: string[];
  entry: string[];
  exit: string[];
  /** Actors invoked while the state is active (their `src`). */
  invoke: string[];
}

/** One transition (one guarded branch of an event's transition list). */
export interface ChartTransition {
  /** `<source id>:<n>`, n counting the source's transitions in definition order. */
  id: string;
  source: string;
  /** XState's event descriptor: an event type, `*`, `xstate.after.<delay>.<id>`; `''` for `always`. */
  event: string;
  /** What a designer reads: `$create`, `after 8 s`, `always`, `done`. */
  trigger: string;
  /** Delay of an `after` transition, in ms or as a named delay. */
  delay?: number | string;
  guard: string | null;
  /** An unguarded branch after guarded ones for the same trigger: it runs only when they all fail (drawn `[else]`). */
  otherwise: boolean;
  /** Target state ids; empty for a targetless transition (actions only, no state change). */
  targets: string[];
  /** Whether a transition to itself (or a descendant) exits and re-enters the source. */
  reenter: boolean;
  actions: string[];
}

/** A machine's structure, read from its definition: the JSON export next to each chart. */
export interface ChartModel {
  format: 'actorcade-chart/1';
  session: string;
  kind: string;
  /** The machine's id (its root state node id). */
  machine: string;
  states: ChartState[];
  transitions: ChartTransition[];
}

interface DelayedTransition {
  eventType: string;
  delay: number | string;
}

/**
 * Walk `machine.root`: every state node (nested and parallel regions, initial, final and
 * history states) and every transition with its trigger, guard, delay and targets.
 * States and transitions come out in definition order, so the export is deterministic.
 */
export function chartModelOf(machine: AnyStateMachine, names: { session: string; kind: string }): ChartModel {
  const states: ChartState[] = [];
  const transitions: ChartTransition[] = [];

  const visit = (node: AnyStateNode) => {
    states.push(stateOf(node));
    const delays = new Map<string, number | string>(
      ((node.after ?? []) as unknown as DelayedTransition[]).map((t) => [t.eventType, t.delay]),
    );
    const branches = [...node.transitions.values()].concat(node.always ? [node.always] : []);
    const all = branches.flatMap((list) =>
      list.map((transition, index) => ({ transition, otherwise: !transition.guard && list.slice(0, index).some((t) => t.guard) })),
    );
    all.forEach(({ transition, otherwise }, index) => {
      const delay = delays.get(transition.eventType);
      transitions.push({
        id: `${node.id}:${index}`,
        source: node.id,
        event: transition.eventType,
        trigger: describeTrigger(transition.eventType, delay),
        ...(delay === undefined ? {} : { delay }),
        guard: transition.guard === undefined ? null : describeGuard(transition.guard),
        otherwise,
        targets: (transition.target ?? []).map((target: AnyStateNode) => target.id),
        reenter: Boolean(transition.reenter),
        actions: transition.actions.map(describeAction),
      });
    });
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  visit(machine.root);

  return { format: 'actorcade-chart/1', session: names.session, kind: names.kind, machine: machine.root.id, states, transitions };
}

function stateOf(node: AnyStateNode): ChartState {
  const state: ChartState = {
    id: node.id,
    key: node.key,
    type: node.type as ChartStateType,
    parent: node.parent ? node.parent.id : null,
    initial: node.type === 'compound' && node.initial ? node.initial.target.map((target: AnyStateNode) => target.id) : [],
    tags: [...node.tags],
    entry: node.entry.map(describeAction),
    exit: node.exit.map(describeAction),
    invoke: node.invoke.map((invoke: { src: unknown }) => String(invoke.src)),
  };
  if (node.type === 'history') state.history = node.history === 'deep' ? 'deep' : 'shallow';
  if (node.description) state.description = node.description;
  return state;
}
