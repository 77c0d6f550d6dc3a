import type { ChartModel, ChartState, ChartTransition } from './chart-model.js';
import { METRICS } from './metrics.js';
import { textWidth } from './text-metrics.js';

/**
 * What a chart shows for each transition: an arrow (one per source and target), one
 * arrow for a transition shared by many states, a routing line for a many-to-many
 * router, or a line inside the state for a reaction that does not leave it.
 */

export interface ChartPlan {
  edges: DrawnEdge[];
  routers: Router[];
  /** Lines under each state's title: its reactions, then its routers. */
  lines: Map<string, string[]>;
}

export function planChart(model: ChartModel): ChartPlan {
  const { edges, routers } = drawnEdges(model);
  return { edges, routers, lines: reactionLines(model, routers) };
}

/** Sources sharing one transition (same trigger, guard and target) from which it is drawn once, from their common ancestor. */
const GROUP_MIN_SOURCES = 3;

/** One arrow to draw: a transition to one of its targets, or the same transition from several states at once. */
export interface DrawnEdge {
  id: string;
  /** The transitions it stands for (several when grouped). */
  transitions: string[];
  /** The states it leaves from (several when grouped). */
  sources: string[];
  /** Where the arrow starts: the source, or the closest common ancestor of a group's sources. */
  source: string;
  target: string;
  lines: string[];
}

/**
 * The arrows of a chart. A machine that routes from many states to the same target under
 * the same trigger and guard (a phase router: every street of a poker hand can jump to
 * every other) would need an arrow per pair; such a group is drawn once, from the sources'
 * common ancestor, and says where it applies: "from any state in X" or "from 14 states in X".
 */
function drawnEdges(model: ChartModel): { edges: DrawnEdge[]; routers: Router[] } {
  const states = new Map(model.states.map((s) => [s.id, s]));
  const groups = new Map<string, { transition: ChartTransition; target: string; index: number }[]>();
  for (const transition of model.transitions) {
    transition.targets.forEach((target, index) => {
      const key = [transition.trigger, transition.guard ?? (transition.otherwise ? 'else' : ''), target, transition.reenter].join('\u0000');
      groups.set(key, [...(groups.get(key) ?? []), { transition, target, index }]);
    });
  }
  const edges: DrawnEdge[] = [];
  const grouped: (DrawnEdge & { key: string; ancestor: string; trigger: string; guard: string })[] = [];
  for (const members of groups.values()) {
    const sources = [...new Set(members.map((m) => m.transition.source))];
    if (sources.length < GROUP_MIN_SOURCES) {
      for (const { transition, target, index } of members) {
        edges.push({ id: `${transition.id}>${index}`, transitions: [transition.id], sources: [transition.source], source: transition.source, target, lines: edgeLabelLines(transition) });
      }
      continue;
    }
    const [first] = members;
    const ancestor = commonAncestor(states, sources);
    const leaves = model.states.filter((s) => s.type !== 'history' && isUnder(states, s.id, ancestor) && !model.states.some((c) => c.parent === s.id));
    const everywhere = leaves.every((leaf) => sources.some((source) => isUnder(states, leaf.id, source)));
    const where = `${everywhere ? 'from any state in' : `from ${sources.length} states in`} ${states.get(ancestor)!.key}`;
    const guard = first.transition.guard ?? (first.transition.otherwise ? 'else' : '');
    grouped.push({
      id: `${first.transition.id}>${first.index}+${members.length - 1}`,
      transitions: members.map((m) => m.transition.id),
      sources,
      source: ancestor,
      target: first.target,
      lines: [...edgeLabelLines(first.transition), where],
      key: [first.transition.trigger, guard, first.transition.reenter, ancestor, [...sources].sort().join(' ')].join('\u0000'),
      ancestor,
      trigger: first.transition.trigger,
      guard,
    });
  }

  // The same grouped transition into several targets is a router (the state follows a value in the
  // context): one line in the common ancestor, naming the targets, instead of a fan of arrows.
  const byKey = new Map<string, typeof grouped>();
  for (const edge of grouped) byKey.set(edge.key, [...(byKey.get(edge.key) ?? []), edge]);
  const routers: Router[] = [];
  for (const fan of byKey.values()) {
    if (fan.length < GROUP_MIN_SOURCES) {
      edges.push(...fan.map(({ key: _key, ancestor: _ancestor, trigger: _trigger, guard: _guard, ...edge }) => edge));
      continue;
    }
    const [first] = fan;
    const prefix = `${first.ancestor}.`;
    const targets = fan.map((edge) => (edge.target.startsWith(prefix) ? edge.target.slice(prefix.length) : states.get(edge.target)!.key));
    routers.push({
      state: first.ancestor,
      transitions: fan.flatMap((edge) => edge.transitions),
      trigger: first.trigger,
      guard: first.guard,
      where: first.lines[first.lines.length - 1],
      targets,
    });
  }
  return { edges, routers };
}

/** A transition drawn as a line in a container instead of a fan of arrows: `always [guard] → a | b | c (from any state in X)`. */
export interface Router {
  state: string;
  transitions: string[];
  trigger: string;
  guard: string;
  /** `from any state in X` / `from 14 states in X`. */
  where: string;
  /** Target ids relative to `state`. */
  targets: string[];
}

function isUnder(states: Map<string, ChartState>, id: string, ancestor: string): boolean {
  for (let at: string | null | undefined = id; at; at = states.get(at)?.parent) if (at === ancestor) return true;
  return false;
}

function commonAncestor(states: Map<string, ChartState>, ids: string[]): string {
  const chain = (id: string) => {
    const out: string[] = [];
    for (let at: string | null | undefined = id; at; at = states.get(at)?.parent) out.push(at);
    return out;
  };
  let common = chain(ids[0]);
  for (const id of ids.slice(1)) {
    const other = new Set(chain(id));
    common = common.filter((ancestor) => other.has(ancestor));
  }
  return common[0];
}

/** An edge label: the trigger, then the guard in brackets (on a second line when long). */
export function edgeLabelLines(transition: ChartTransition): string[] {
  const trigger = transition.reenter && transition.targets.includes(transition.source) ? `${transition.trigger} ↻` : transition.trigger;
  if (!transition.guard && !transition.otherwise) return [trigger];
  const guard = `[${transition.guard ?? 'else'}]`;
  const oneLine = `${trigger} ${guard}`;
  return textWidth(oneLine, METRICS.labelSize) <= METRICS.wrapWidth / 1.5 ? [oneLine] : [trigger, guard];
}

/**
 * Targetless transitions of each state, one line per trigger: `$get [canView] [else]`.
 * A guard list that would run past the wrap width continues on indented lines.
 */
function reactionLines(model: ChartModel, routers: Router[]): Map<string, string[]> {
  const bySource = new Map<string, Map<string, ChartTransition[]>>();
  for (const transition of model.transitions) {
    if (transition.targets.length > 0) continue;
    const triggers = bySource.get(transition.source) ?? new Map<string, ChartTransition[]>();
    triggers.set(transition.trigger, [...(triggers.get(transition.trigger) ?? []), transition]);
    bySource.set(transition.source, triggers);
  }
  const lines = new Map<string, string[]>();
  const add = (state: string, more: string[]) => lines.set(state, [...(lines.get(state) ?? []), ...more]);
  for (const [source, triggers] of bySource) {
    for (const [trigger, branches] of triggers) {
      const guards = branches.some((b) => b.guard || b.otherwise) ? branches.map((b) => `[${b.guard ?? 'else'}]`) : [];
      add(source, wrapTokens(trigger, guards));
    }
  }
  for (const router of routers) {
    const head = `${router.trigger}${router.guard ? ` [${router.guard}]` : ''} → ${router.where.replace(/^from /, 'from ')}, to:`;
    add(router.state, wrapTokens(head, router.targets.map((target, i) => (i < router.targets.length - 1 ? `${target} |` : target))));
  }
  return lines;
}

/** `first` followed by `tokens`, wrapped past the wrap width onto indented lines. */
function wrapTokens(first: string, tokens: string[]): string[] {
  const out: string[] = [];
  let line = first;
  for (const token of tokens) {
    const next = `${line} ${token}`;
    if (textWidth(next, METRICS.lineSize) > METRICS.wrapWidth && line.trim() !== first) {
      out.push(line);
      line = `    ${token}`;
    } else line = next;
  }
  out.push(line);
  return out;
}

