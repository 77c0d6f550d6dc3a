import elkBundled from 'elkjs/lib/elk.bundled.js';
import type { ElkEdgeSection, ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api.js';
import type { ChartModel, ChartState, ChartStateType, ChartTransition } from './chart-model.js';
import { textWidth } from './text-metrics.js';

/** Sizes the layout reserves and the SVG writer draws with. */
export const METRICS = {
  titleSize: 14,
  lineSize: 12,
  labelSize: 12,
  lineHeight: 16,
  padX: 12,
  titleHeight: 30,
  minStateWidth: 84,
  /** Reaction lines and edge labels wrap past this width. */
  wrapWidth: 300,
  initialDot: 12,
  historySize: 30,
  finalInset: 4,
  containerPad: 16,
} as const;

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A state box placed on the canvas, with the text it shows. */
export interface PlacedState extends Box {
  id: string;
  key: string;
  type: ChartStateType;
  /** Whether it holds child states (compound, parallel, the root). */
  container: boolean;
  /** Whether it is a region of a parallel state (drawn dashed). */
  region: boolean;
  /** For history states: which configuration they remember. */
  history?: 'shallow' | 'deep';
  /** Targetless transitions handled here: one line per trigger (wrapped lines start with two spaces). */
  reactions: string[];
  /** Hover text: description, tags, entry/exit actions, invoked actors. */
  tooltip: string[];
  depth: number;
}

/** An edge on the canvas: a transition to a target, or the arrow from an initial dot. */
export interface PlacedEdge {
  id: string;
  kind: 'transition' | 'initial';
  /** The transition it draws (absent for initial arrows); the first of a group. */
  transition?: string;
  /** A grouped arrow: every transition it stands for, and the states they leave from. */
  transitions?: string[];
  sources?: string[];
  source: string;
  target: string;
  points: Point[];
  label?: Box & { lines: string[] };
}

export interface ChartLayout {
  width: number;
  height: number;
  states: PlacedState[];
  /** Initial-state dots: `parent` is the compound state whose initial child they point to. */
  initials: (Point & { parent: string; r: number })[];
  edges: PlacedEdge[];
  /** Transitions shown as routing lines in a state (see {@link Router}). */
  routers: Router[];
}

const ELK_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.spacing.nodeNode': '32',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.edgeNode': '18',
  'elk.layered.spacing.edgeNodeBetweenLayers': '18',
  'elk.spacing.edgeEdge': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '12',
  'elk.spacing.edgeLabel': '6',
  'elk.spacing.labelNode': '8',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
};

/** Lay a machine out with ELK (layered, hierarchical): boxes, initial dots, routed edges and their labels. */
export async function layoutChart(model: ChartModel): Promise<ChartLayout> {
  // A CommonJS module: its default export is `module.exports`, whose `default` is the ELK class.
  const elk = new elkBundled.default();
  const graph = buildGraph(model);
  const laid = await elk.layout(graph);
  return readLayout(model, laid);
}

function buildGraph(model: ChartModel): ElkNode {
  const children = new Map<string | null, ChartState[]>();
  for (const state of model.states) children.set(state.parent, [...(children.get(state.parent) ?? []), state]);
  const reactions = reactionLines(model);
  const byId = new Map<string, ElkNode>();

  const nodeOf = (state: ChartState): ElkNode => {
    const kids = children.get(state.id) ?? [];
    const lines = reactions.get(state.id) ?? [];
    const titleWidth = textWidth(state.key, METRICS.titleSize, true);
    const linesWidth = Math.max(0, ...lines.map((line) => textWidth(line, METRICS.lineSize)));
    const node: ElkNode = { id: state.id, labels: [], children: [], edges: [] };
    byId.set(state.id, node);
    if (kids.length > 0) {
      const headerHeight = METRICS.titleHeight + (lines.length ? lines.length * METRICS.lineHeight + 8 : 0);
      node.layoutOptions = {
        'elk.padding': `[top=${headerHeight + 12},left=${METRICS.containerPad},bottom=${METRICS.containerPad},right=${METRICS.containerPad}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${Math.max(titleWidth, linesWidth) + 2 * METRICS.padX + 24},${headerHeight + 40})`,
      };
      if (state.initial.length > 0) {
        node.children!.push({ id: initialId(state.id), width: METRICS.initialDot, height: METRICS.initialDot });
      }
      for (const kid of kids) node.children!.push(nodeOf(kid));
      for (const [index, target] of state.initial.entries()) {
        node.edges!.push({ id: `${initialId(state.id)}>${index}`, sources: [initialId(state.id)], targets: [target] });
      }
    } else if (state.type === 'history') {
      node.width = METRICS.historySize;
      node.height = METRICS.historySize;
    } else {
      const inset = state.type === 'final' ? 2 * METRICS.finalInset : 0;
      node.width = Math.max(METRICS.minStateWidth, titleWidth + 2 * METRICS.padX, linesWidth + 2 * METRICS.padX) + inset;
      node.height = METRICS.titleHeight + (lines.length ? lines.length * METRICS.lineHeight + 10 : 0) + inset;
    }
    return node;
  };

  const roots = children.get(null) ?? [];
  const graph: ElkNode = { id: '$graph', layoutOptions: ELK_OPTIONS, children: roots.map(nodeOf), edges: [] };

  const parents = new Map(model.states.map((s) => [s.id, s.parent]));
  for (const drawn of drawnEdges(model).edges) {
    const container = commonContainer(parents, drawn.source, drawn.target);
    const holder = container === null ? graph : byId.get(container)!;
    const label: ElkLabel = {
      id: `${drawn.id}:label`,
      text: drawn.lines.join('\n'),
      width: Math.max(...drawn.lines.map((line) => textWidth(line, METRICS.labelSize))) + 8,
      height: drawn.lines.length * METRICS.lineHeight + 4,
    };
    holder.edges!.push({ id: drawn.id, sources: [drawn.source], targets: [drawn.target], labels: [label] });
  }
  return graph;
}

const initialId = (stateId: string) => `${stateId}:initial`;

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
export function drawnEdges(model: ChartModel): { edges: DrawnEdge[]; routers: Router[] } {
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

/**
 * The node an edge between `a` and `b` belongs to: their lowest common ancestor, or,
 * for a self-transition or an edge into one's own descendant, the source's parent.
 */
function commonContainer(parents: Map<string, string | null>, a: string, b: string): string | null {
  const chain = (id: string) => {
    const out: string[] = [];
    for (let at: string | null | undefined = id; at; at = parents.get(at)) out.push(at);
    return out;
  };
  const ofA = chain(a);
  const ofB = new Set(chain(b));
  const common = ofA.find((id) => ofB.has(id)) ?? null;
  if (common === a || common === b) return parents.get(common) ?? null;
  return common;
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
function reactionLines(model: ChartModel): Map<string, string[]> {
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
  for (const router of drawnEdges(model).routers) {
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

function readLayout(model: ChartModel, laid: ElkNode): ChartLayout {
  const reactions = reactionLines(model);
  const { edges: arrows, routers } = drawnEdges(model);
  const drawn = new Map(arrows.map((edge) => [edge.id, edge]));
  const info = new Map(model.states.map((s) => [s.id, s]));
  const states: PlacedState[] = [];
  const initials: ChartLayout['initials'] = [];
  const edges: PlacedEdge[] = [];

  const walk = (node: ElkNode, depth: number) => {
    for (const child of node.children ?? []) {
      const box = boxOf(child);
      if (child.id.endsWith(':initial') && !info.has(child.id)) {
        const parent = child.id.slice(0, -':initial'.length);
        initials.push({ parent, x: round(box.x + box.width / 2), y: round(box.y + box.height / 2), r: METRICS.initialDot / 2 });
        continue;
      }
      const state = info.get(child.id)!;
      const parent = state.parent ? info.get(state.parent) : undefined;
      states.push({
        ...box,
        id: state.id,
        key: state.key,
        type: state.type,
        container: (child.children ?? []).length > 0,
        region: parent?.type === 'parallel' && state.type !== 'history',
        reactions: reactions.get(state.id) ?? [],
        tooltip: tooltipOf(state),
        depth,
        ...(state.history ? { history: state.history } : {}),
      });
      walk(child, depth + 1);
    }
    for (const edge of (node.edges ?? []) as ElkExtendedEdge[]) edges.push(edgeOf(edge, drawn.get(edge.id)));
  };
  walk(laid, 0);

  return { width: round(laid.width ?? 0), height: round(laid.height ?? 0), states, initials, edges, routers };
}

function edgeOf(edge: ElkExtendedEdge, drawn: DrawnEdge | undefined): PlacedEdge {
  const sections = (edge.sections ?? []) as ElkEdgeSection[];
  const points: Point[] = [];
  for (const section of sections) {
    for (const p of [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]) {
      const point = { x: round(p.x), y: round(p.y) };
      const last = points[points.length - 1];
      if (!last || last.x !== point.x || last.y !== point.y) points.push(point);
    }
  }
  const initial = edge.id.includes(':initial>');
  const placed: PlacedEdge = {
    id: edge.id,
    kind: initial ? 'initial' : 'transition',
    source: edge.sources[0],
    target: edge.targets[0],
    points,
  };
  if (drawn) {
    placed.transition = drawn.transitions[0];
    if (drawn.transitions.length > 1) {
      placed.transitions = drawn.transitions;
      placed.sources = drawn.sources;
    }
  }
  const label = edge.labels?.[0];
  if (label && label.text) placed.label = { ...boxOf(label), lines: label.text.split('\n') };
  return placed;
}

function tooltipOf(state: ChartState): string[] {
  const lines: string[] = [state.id];
  if (state.description) lines.push(state.description);
  if (state.tags.length) lines.push(`tags: ${state.tags.join(', ')}`);
  if (state.entry.length) lines.push(`entry: ${state.entry.join(', ')}`);
  if (state.exit.length) lines.push(`exit: ${state.exit.join(', ')}`);
  if (state.invoke.length) lines.push(`invokes: ${state.invoke.join(', ')}`);
  return lines;
}

const boxOf = (shape: { x?: number; y?: number; width?: number; height?: number }): Box => ({
  x: round(shape.x ?? 0),
  y: round(shape.y ?? 0),
  width: round(shape.width ?? 0),
  height: round(shape.height ?? 0),
});

const round = (value: number) => Math.round(value * 10) / 10;
