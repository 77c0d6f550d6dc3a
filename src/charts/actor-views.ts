import type { AnyMachineSnapshot } from 'xstate';
import type { ActorHost, ActorInfo, Clock } from '../runtime/index.js';
import { activeStateIds } from './active-states.js';
import type { FeedEntry } from './live-feed.js';
import type { RegisteredMachine } from './machine-registry.js';
import { createMasker, maskOutgoing, type Masker } from './mask.js';

/** A live actor in the list: what a designer scans for. */
export interface ActorSummary {
  address: string;
  kind: string;
  value: unknown;
  /** Active state node ids (the ids the SVG's `data-state-id` carries). */
  states: string[];
  members: number;
  started_at: number;
  last_active_at: number;
  age_ms: number;
}

/** The live state of one watched actor, its context masked. */
export interface ActorState {
  address: string;
  kind: string;
  status: string;
  value: unknown;
  states: string[];
  members: number;
  context: unknown;
}

/** A feed entry as it leaves the server: masked. */
export interface EntryView {
  seq: number;
  direction: 'in' | 'out';
  at: number;
  type: string;
  event: unknown;
  to?: string;
  value?: unknown;
}

/** Turns what the host knows about actors into what the live view may show (masked, JSON). */
export function createActorViews(deps: {
  host: Pick<ActorHost, 'snapshotOf' | 'list'>;
  machines: readonly RegisteredMachine[];
  /** Field names masked for every kind on top of each kind's declaration (`CHARTS_MASK`). */
  extraMask?: readonly string[];
  clock: Clock;
}) {
  const { host, clock } = deps;
  const byKind = new Map(deps.machines.map((m) => [m.kind, m]));
  const maskers = new Map(deps.machines.map((m) => [m.kind, createMasker(m.privateFields, deps.extraMask)]));
  // An address of no known kind: nothing of it is shown (the routes refuse such kinds anyway).
  const hideAll = createMasker(undefined);
  const maskerOf = (kind: string): Masker => maskers.get(kind) ?? hideAll;

  const statesOf = (kind: string, value: unknown) => {
    const registered = byKind.get(kind);
    return registered ? activeStateIds(registered.machine, value) : [];
  };

  const summary = (info: ActorInfo): ActorSummary => ({
    address: info.address,
    kind: info.kind,
    value: info.value,
    states: statesOf(info.kind, info.value),
    members: info.members,
    started_at: info.startedAt,
    last_active_at: info.lastActiveAt,
    age_ms: Math.max(0, clock.now() - info.startedAt),
  });

  return {
    /** Whether `kind` is one of the server's actor kinds. */
    knows: (kind: string) => byKind.has(kind),
    kindOf: (address: string) => address.slice(0, Math.max(0, address.indexOf('/'))),
    /** Live actors, of one kind or all, oldest first. */
    list(kind?: string): ActorSummary[] {
      return host
        .list(kind)
        .sort((a, b) => a.startedAt - b.startedAt || (a.address < b.address ? -1 : 1))
        .map(summary);
    },
    /** One live actor's summary, or undefined when it is not live. */
    summaryOf(address: string): ActorSummary | undefined {
      const info = host.list(this.kindOf(address)).find((a) => a.address === address);
      return info && summary(info);
    },
    /** One live actor's current state with its context masked, or undefined when it is not live. */
    stateOf(address: string, snapshot = host.snapshotOf(address)): ActorState | undefined {
      if (!snapshot) return undefined;
      const kind = this.kindOf(address);
      const registered = byKind.get(kind);
      return {
        address,
        kind,
        status: snapshot.status,
        value: snapshot.value,
        states: statesOf(kind, snapshot.value),
        members: registered?.members?.(snapshot as AnyMachineSnapshot) ?? 0,
        context: maskerOf(kind).mask(snapshot.context),
      };
    },
    /** Feed entries of the actor at `address` as they may leave the server: masked by its kind's declaration. */
    entries(address: string, entries: readonly FeedEntry[]): EntryView[] {
      const masker = maskerOf(this.kindOf(address));
      return entries.map((entry): EntryView => {
        if (entry.direction === 'out') {
          const { to, event } = maskOutgoing(masker, entry.to, entry.event);
          return { seq: entry.seq, direction: 'out', at: entry.at, type: entry.type, to, event };
        }
        return { seq: entry.seq, direction: 'in', at: entry.at, type: entry.type, event: masker.maskEvent(entry.event), value: entry.value };
      });
    },
  };
}

export type ActorViews = ReturnType<typeof createActorViews>;
