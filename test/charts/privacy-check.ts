import fc from 'fast-check';
import { createActor, SimulatedClock, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import type { MachineSamples } from '../../machines/machine-samples.js';
import { createActorViews } from '../../src/charts/actor-views.js';
import { chartModelOf } from '../../src/charts/chart-model.js';
import { createLiveFeed, type FeedEntry } from '../../src/charts/live-feed.js';
import type { RegisteredMachine } from '../../src/charts/machine-registry.js';
import { MASKED } from '../../src/charts/mask.js';
import type { BusEvent, Outgoing, PrivateFields } from '../../src/contract/index.js';
import type { ActorObserver } from '../../src/runtime/index.js';
import type { ModelPath } from './model-check.js';
import { resolveDelay } from './model-check.js';

/**
 * What the issue calls private, per actor kind, written here independently of the
 * declarations the server masks by (`machines/<name>/private-fields.ts`): the test's
 * oracle. Roles, alignments, night actions, AI chat, hole cards, the deck, conversation
 * text, tokens.
 */
export interface PrivacySpec {
  /** Keys whose value must never be served unmasked, wherever they appear. */
  secretKeys?: readonly string[];
  /** Event types whose payload must never be served: only `type`, `$from` and the mask marker. */
  secretEvents?: readonly string[];
  /** Private values held in the raw context (e.g. token hashes), searched for as JSON strings. */
  contextSecrets?(context: any): string[];
  /**
   * Make an event's private strings unique canaries (`fresh()`), so a leak is found by
   * value, and say which of them must stay hidden.
   */
  rewrite?(event: any, snapshot: AnyMachineSnapshot, fresh: () => string): { event: any; secrets: string[] };
  /** Events to try besides the machine's samples (e.g. AI chat at night). */
  extra?(snapshot: AnyMachineSnapshot): EventObject[];
}

const replace = (event: any, path: string[], value: string) => {
  const copy = structuredClone(event);
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key];
  at[path[path.length - 1]] = value;
  return copy;
};
const valueAt = (event: any, path: string[]) => path.reduce((at, key) => (at == null ? undefined : at[key]), event);

/** Replace the string at `path` of events of one of `types` with a canary that must stay hidden. */
function canary(types: readonly string[], path: string[], when: (snapshot: AnyMachineSnapshot) => boolean = () => true): NonNullable<PrivacySpec['rewrite']> {
  return (event, snapshot, fresh) => {
    if (!types.includes(event.type) || typeof valueAt(event, path) !== 'string' || valueAt(event, path) === '') return { event, secrets: [] };
    const secret = fresh();
    return { event: replace(event, path, secret), secrets: when(snapshot) ? [secret] : [] };
  };
}

function chain(...rewrites: NonNullable<PrivacySpec['rewrite']>[]): NonNullable<PrivacySpec['rewrite']> {
  return (event, snapshot, fresh) => {
    const secrets: string[] = [];
    for (const rewrite of rewrites) {
      const next = rewrite(event, snapshot, fresh);
      event = next.event;
      secrets.push(...next.secrets);
    }
    return { event, secrets };
  };
}

/** Every registered actor kind must have one (an empty one says: nothing of the list lives there). */
export const privacySpecs: Record<string, PrivacySpec> = {
  mafia: {
    secretKeys: ['role', 'alignment', 'your_role', 'new_alignment', 'nightActions', 'tokenHash', 'session_token', 'token_hash', 'intel'],
    secretEvents: ['SUBMIT_NIGHT_ACTION'],
    contextSecrets: (context) => context.players.map((p: { tokenHash: string }) => p.tokenHash),
    rewrite: chain(
      canary(['CREATE_GAME', 'JOIN_GAME'], ['session_token']),
      // At night the only chat is the AI faction's.
      canary(['POST_CHAT_MESSAGE'], ['payload', 'content'], (snapshot) => snapshot.context.phase === 'NIGHT'),
    ),
    extra: (snapshot) =>
      snapshot.context.players
        .filter((p: { active: boolean }) => p.active)
        .map((p: { id: string }) => ({ type: 'POST_CHAT_MESSAGE', payload: { content: 'chat' }, $from: { conn: `c-${p.id}`, member: p.id }, $at: 1_000 })),
  },
  poker: { secretKeys: ['hole', 'deck'] },
  conversation: {
    secretKeys: ['history'],
    contextSecrets: (context) => [
      ...context.history.map((entry: { content: string }) => entry.content),
      ...(context.turn ? [context.turn.text, context.turn.pending ?? ''] : []),
    ].filter((text: string) => text !== ''),
    rewrite: chain(canary(['ai_chat_message'], ['message']), canary(['ai_delta'], ['text'])),
  },
  channel: {
    rewrite: chain(
      canary(['$post_message', '$edit_message'], ['message', 'content']),
      canary(['voice_offer', 'voice_answer'], ['sdp']),
      canary(['voice_ice'], ['candidate']),
    ),
  },
  sync: { contextSecrets: (context) => (context.op ? [context.op.account] : []), rewrite: canary(['start'], ['account']) },
  presence: {},
  'library-system': {},
  pong: {},
};

/** Nothing to leak: null, '', [] or {}. */
const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (typeof value === 'object' && Object.keys(value as object).length === 0);

/** Where a served view breaks the spec, or undefined. */
function leakIn(served: unknown, spec: PrivacySpec, secrets: readonly string[]): string | undefined {
  const json = JSON.stringify(served);
  for (const secret of secrets) if (json.includes(secret)) return `the value ${JSON.stringify(secret)} is served`;
  const keys = new Set(spec.secretKeys ?? []);
  const secretEvents = new Set(spec.secretEvents ?? []);
  let found: string | undefined;
  const walk = (value: unknown, path: string) => {
    if (found || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, `${path}[${i}]`));
    const record = value as Record<string, unknown>;
    if (typeof record.type === 'string' && secretEvents.has(record.type) && typeof record.direction !== 'string') {
      const shown = Object.keys(record).filter((key) => key !== 'type' && key !== '$from' && key !== '…');
      if (shown.length > 0) return void (found = `${path}: a ${record.type} is served with ${shown.join(', ')}`);
    }
    for (const [key, inner] of Object.entries(record)) {
      if (keys.has(key) && inner !== MASKED && !isEmpty(inner)) return void (found = `${path}.${key} is served: ${JSON.stringify(inner).slice(0, 80)}`);
      walk(inner, `${path}.${key}`);
    }
  };
  walk(served, '');
  return found;
}

/** A one-actor stand-in for the actor host: the live feed and the views read it as they read the real one. */
function oneActorHost(address: string, kind: string, snapshot: () => AnyMachineSnapshot) {
  const observers = new Set<ActorObserver>();
  return {
    observers,
    observe(observer: ActorObserver) {
      observers.add(observer);
      return () => void observers.delete(observer);
    },
    snapshotOf: (at: string) => (at === address ? snapshot() : undefined),
    list: (of?: string) => (of === undefined || of === kind ? [{ address, kind, value: snapshot().value, startedAt: 0, lastActiveAt: 0, members: 0 }] : []),
  };
}

export interface PrivacyRun {
  registered: RegisteredMachine;
  samples: MachineSamples;
  /** Shortest paths into every state (from exploreMachine): each run starts with one of them. */
  paths: readonly ModelPath[];
  spec: PrivacySpec;
  /** What the views mask by (default: the registered kind's declaration). */
  privateFields?: PrivateFields;
}

/**
 * One game: drive a real actor along a path into a state, then along random steps, and
 * after every step compute what `/charts` serves — the REST view of the actor (summary,
 * masked state, its feed history) and the socket's whole feed entries — with the same
 * functions the routes use. Returns the first leak, or undefined.
 */
export async function playOnce(run: PrivacyRun, pathIndex: number, choices: readonly number[]): Promise<string | undefined> {
  const { registered, samples, spec } = run;
  const kind = registered.kind;
  const address = `${kind}/privacy`;
  const clock = new SimulatedClock();
  clock.set(1_000);
  const actor = createActor(samples.machine as AnyStateMachine, { input: samples.input, clock });
  const host = oneActorHost(address, kind, () => actor.getSnapshot());
  const viewClock = { now: () => clock.now(), setTimeout: () => 0, clearTimeout: () => {} };
  const feed = createLiveFeed({ host: host as never, clock: viewClock, historySize: 50, pruneEveryMs: 3_600_000 });
  const views = createActorViews({
    host: host as never,
    machines: [{ ...registered, privateFields: 'privateFields' in run ? run.privateFields : registered.privateFields }],
    clock: viewClock,
  });
  const watched: FeedEntry[] = [];
  const unwatch = feed.watch(address, (entry) => watched.push(entry));
  let error: unknown;
  actor.subscribe({ error: (e) => (error = e) });
  actor.on('*', (outgoing) => {
    for (const observer of host.observers) observer.onEmit?.(address, outgoing as unknown as Outgoing);
  });
  actor.start();

  const secrets: string[] = [];
  let serial = 0;
  const fresh = () => `secret-${kind}-${++serial}-${pathIndex}`;
  const timers = [...new Set(chartModelOf(samples.machine, registered).transitions.filter((t) => t.delay !== undefined).map((t) => t.event))];
  const delayed = (snapshot: AnyMachineSnapshot) => timers.filter((type) => snapshot.can({ type } as never));

  const step = async (event: EventObject) => {
    const before = actor.getSnapshot();
    const delay = event.type.startsWith('xstate.after.') ? resolveDelay(samples.machine, event.type, before) : undefined;
    if (delay !== undefined) {
      clock.increment(delay);
    } else {
      const rewritten = spec.rewrite ? spec.rewrite(event, before, fresh) : { event, secrets: [] };
      secrets.push(...rewritten.secrets);
      actor.send(rewritten.event as never);
      for (const observer of host.observers) observer.onEvent?.(address, rewritten.event as BusEvent, actor.getSnapshot());
    }
    await Promise.resolve(); // emits of timers are recorded once the step is over
    const summary = views.summaryOf(address);
    const served = {
      rest: { actor: { ...summary, ...views.stateOf(address) }, events: views.entries(address, feed.history(address)) },
      socket: views.entries(address, watched.splice(0)),
    };
    const raw = spec.contextSecrets?.(actor.getSnapshot().context) ?? [];
    const leak = leakIn(served, spec, [...secrets, ...raw.map((value) => JSON.stringify(value))]);
    return leak && `${leak} (after ${event.type}, state ${JSON.stringify(actor.getSnapshot().value)})`;
  };

  try {
    const path = run.paths[pathIndex % Math.max(1, run.paths.length)];
    for (const event of path?.events ?? []) {
      const leak = await step(event);
      if (leak) return leak;
      if (error) return `the actor failed on the path into ${path.target}: ${String(error)}`;
    }
    for (const choice of choices) {
      const snapshot = actor.getSnapshot();
      if (snapshot.status !== 'active') break;
      const sampled = typeof samples.events === 'function' ? samples.events(snapshot as never) : samples.events;
      const candidates = [...sampled, ...(spec.extra?.(snapshot) ?? []), ...delayed(snapshot).map((type) => ({ type }))];
      if (candidates.length === 0) break;
      const leak = await step(candidates[choice % candidates.length] as EventObject);
      if (leak) return leak;
      if (error) return `the actor failed: ${String(error)}`;
    }
    return undefined;
  } finally {
    unwatch();
    feed.close();
    actor.stop();
  }
}

/** The fast-check property over one kind: random paths and steps, no leak in any of them. */
export function privacyProperty(run: PrivacyRun) {
  return fc.asyncProperty(fc.nat(), fc.array(fc.nat(), { minLength: 0, maxLength: 40 }), async (pathIndex, choices) => {
    const leak = await playOnce(run, pathIndex, choices);
    if (leak) throw new Error(`${run.registered.kind}: ${leak}`);
  });
}
