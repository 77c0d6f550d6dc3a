import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createActor, createEmptyActor, SimulatedClock, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import type { MachineSamples } from '../../machines/machine-samples.js';
import { activeStateIds } from '../../src/charts/active-states.js';
import { chartModelOf, type ChartModel } from '../../src/charts/chart-model.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every `machines/**\/*.samples.ts` default export, by the id of the machine it samples. */
export async function loadSamples(): Promise<Map<string, { file: string; samples: MachineSamples }>> {
  const found = new Map<string, { file: string; samples: MachineSamples }>();
  const files = (readdirSync(join(ROOT, 'machines'), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.samples.ts'))
    .sort();
  for (const file of files) {
    const module = (await import(join(ROOT, 'machines', file))) as { default?: MachineSamples };
    const samples = module.default;
    const path = relative(ROOT, join(ROOT, 'machines', file));
    if (!samples?.machine) throw new Error(`${path} must default-export defineSamples({ machine, input, events, key })`);
    const id = samples.machine.id;
    const earlier = found.get(id);
    if (earlier) throw new Error(`${path} and ${earlier.file} both sample machine "${id}"`);
    found.set(id, { file: path, samples });
  }
  return found;
}

/** JSON with object keys sorted, so a context key does not depend on insertion order. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export interface ModelPath {
  /** The state node this path is the shortest way into. */
  target: string;
  events: EventObject[];
  /** The state value after each event, as the traversal computed it. */
  values: unknown[];
}

export interface ModelReport {
  model: ChartModel;
  /** How many distinct states (value + key) the exploration found. */
  explored: number;
  paths: ModelPath[];
  /** State node ids no sampled path enters. */
  unreachable: string[];
  /** Reachable, non-final states in which no sampled event is accepted: the actor would be stuck. */
  deadEnds: { value: unknown; path: EventObject[] }[];
  /** Transitions with a target that no explored step took (informational). */
  untakenTransitions: string[];
}

/**
 * Explore a machine with its samples: shortest paths to every reachable state
 * (`xstate/graph`), the shortest path into each state node, unreachable nodes and dead ends.
 */
export function exploreMachine(samples: MachineSamples, names: { session: string; kind: string }): ModelReport {
  const { machine } = samples;
  const model = chartModelOf(machine, names);
  const delayed = model.transitions.filter((t) => t.delay !== undefined).map((t) => ({ type: t.event }));
  const uniqueDelayed = [...new Map(delayed.map((e) => [e.type, e])).values()];
  const eventsFor = (snapshot: AnyMachineSnapshot): EventObject[] => [
    ...(typeof samples.events === 'function' ? samples.events(snapshot as never) : samples.events),
    ...uniqueDelayed,
  ];
  const serialize = (snapshot: AnyMachineSnapshot) =>
    stableStringify({ value: snapshot.value, status: snapshot.status, key: samples.key(snapshot.context as never) });

  const limit = samples.limit ?? 50_000;
  const paths = getShortestPaths(machine, {
    input: samples.input,
    events: eventsFor as never,
    serializeState: serialize as never,
    limit,
  }) as unknown as { state: AnyMachineSnapshot; steps: { state: AnyMachineSnapshot; event: EventObject }[] }[];

  const nodeIds = model.states.filter((s) => s.type !== 'history').map((s) => s.id);
  const best = new Map<string, ModelPath>();
  const taken = new Set<string>();
  const deadEnds: ModelReport['deadEnds'] = [];

  for (const path of paths) {
    // `steps[0]` is xstate.init at the initial state; each later step's event led to its state.
    const events = path.steps.slice(1).map((step) => step.event);
    const values = path.steps.slice(1).map((step) => step.state.value);
    for (const id of activeStateIds(machine, path.state.value)) {
      const current = best.get(id);
      if (!current || current.events.length > events.length) best.set(id, { target: id, events, values });
    }
    if (path.state.status === 'active') {
      const accepted = eventsFor(path.state).some((event) => path.state.can(event as never));
      if (!accepted) deadEnds.push({ value: path.state.value, path: events });
    }
  }

  // Every sampled event from every explored state, microstep by microstep: states entered only in passing
  // (a final state whose onDone leaves at once, a state left by `always`) count as reached, and the
  // transitions taken are recorded (XState names those an event enables; later microsteps are matched by
  // source and targets).
  const idOf = transitionIds(machine);
  const scope = mockActorScope();
  const reachedBy = new Map<string, ModelPath>();
  for (const path of paths) {
    const events = path.steps.slice(1).map((step) => step.event);
    const values = path.steps.slice(1).map((step) => step.state.value);
    for (const event of eventsFor(path.state)) {
      for (const definition of machine.getTransitionData(path.state as never, event as never)) {
        const id = idOf.get(definition);
        if (id) taken.add(id);
      }
      const micro = machine.microstep(path.state as never, event as never, scope) as AnyMachineSnapshot[];
      if (micro.length === 0) continue;
      const via: ModelPath = { target: '', events: [...events, event], values: [...values, micro[micro.length - 1].value] };
      for (const snapshot of micro) {
        for (const id of activeStateIds(machine, snapshot.value)) {
          const current = reachedBy.get(id);
          if (!current || current.events.length > via.events.length) reachedBy.set(id, { ...via, target: id });
        }
      }
      for (let i = 1; i < micro.length; i++) {
        const before = activeStateIds(machine, micro[i - 1].value);
        const after = activeStateIds(machine, micro[i].value);
        if (stableStringify(micro[i - 1].value) === stableStringify(micro[i].value)) continue;
        for (const transition of model.transitions) {
          if (transition.targets.length > 0 && before.includes(transition.source) && transition.targets.every((target) => after.includes(target))) {
            taken.add(transition.id);
          }
        }
      }
    }
  }
  for (const [id, path] of reachedBy) if (!best.has(id)) best.set(id, path);
  const targeted = model.transitions.filter((t) => t.targets.length > 0);

  return {
    model,
    explored: paths.length,
    paths: nodeIds.filter((id) => best.has(id)).map((id) => best.get(id)!),
    unreachable: nodeIds.filter((id) => !best.has(id)),
    deadEnds,
    untakenTransitions: targeted.filter((t) => !taken.has(t.id)).map((t) => `${t.source} —${t.trigger}${t.guard ? ` [${t.guard}]` : ''}→ ${t.targets.join(', ')}`),
  };
}

/**
 * Drive a real actor (simulated clock) along a path: send each event — or, for an
 * `xstate.after.*` step, advance the clock by its delay — and return the state values
 * it went through, to compare with the traversal's.
 */
export function drivePath(samples: MachineSamples, path: ModelPath): { values: unknown[]; error?: unknown } {
  const clock = new SimulatedClock();
  const actor = createActor(samples.machine as AnyStateMachine, { input: samples.input, clock });
  let error: unknown;
  actor.subscribe({ error: (e) => (error = e) });
  actor.start();
  const values: unknown[] = [];
  for (const event of path.events) {
    const delay = event.type.startsWith('xstate.after.') ? resolveDelay(samples.machine, event.type, actor.getSnapshot()) : undefined;
    if (delay !== undefined) clock.increment(delay);
    else actor.send(event as never);
    values.push(actor.getSnapshot().value);
    if (error) break;
  }
  actor.stop();
  return error === undefined ? { values } : { values, error };
}

/** The delay of `xstate.after.<delay>.<state id>`: a number, or a named delay from `setup({ delays })`. */
export function resolveDelay(machine: AnyStateMachine, eventType: string, snapshot: AnyMachineSnapshot): number | undefined {
  const name = eventType.slice('xstate.after.'.length).split('.')[0];
  if (/^\d+$/.test(name)) return Number(name);
  const named = (machine.implementations.delays as Record<string, unknown>)[name];
  if (typeof named === 'number') return named;
  if (typeof named === 'function') return Number(named({ context: snapshot.context, event: { type: eventType } }));
  return undefined;
}

/** Each transition definition of a machine → its chart id (`<source>:<n>`, as chartModelOf numbers them). */
function transitionIds(machine: AnyStateMachine): Map<unknown, string> {
  const ids = new Map<unknown, string>();
  const visit = (node: AnyStateMachine['root']) => {
    const all = [...node.transitions.values()].flat().concat(node.always ?? []);
    all.forEach((definition, index) => ids.set(definition, `${node.id}:${index}`));
    for (const child of Object.values(node.states)) visit(child as AnyStateMachine['root']);
  };
  visit(machine.root);
  return ids;
}

/** What `xstate/graph` itself passes to pure transitions: no effects run, nothing is emitted. */
function mockActorScope(): AnyActorScope {
  const self = createEmptyActor();
  return {
    self,
    logger: () => {},
    id: '',
    sessionId: 'model-check',
    defer: () => {},
    system: self.system,
    stopChild: () => {},
    emit: () => {},
    actionExecutor: () => {},
  } as unknown as AnyActorScope;
}
