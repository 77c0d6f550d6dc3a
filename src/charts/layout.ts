import elkBundled from 'elkjs/lib/elk.bundled.js';
import type { ElkEdgeSection, ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api.js';
import type { ChartModel, ChartState, ChartStateType } from './chart-model.js';
import { planChart, type ChartPlan, type DrawnEdge, type Router } from './chart-plan.js';
import { METRICS } from './metrics.js';
import { textWidth } from './text-metrics.js';


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
  const plan = planChart(model);
  const laid = await elk.layout(buildGraph(model, plan));
  return readLayout(model, plan, laid);
}

function buildGraph(model: ChartModel, plan: ChartPlan): ElkNode {
  const children = new Map<string | null, ChartState[]>();
  for (const state of model.states) children.set(state.parent, [...(children.get(state.parent) ?? []), state]);
  const reactions = plan.lines;
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
  for (const drawn of plan.edges) {
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

function readLayout(model: ChartModel, plan: ChartPlan, laid: ElkNode): ChartLayout {
  const reactions = plan.lines;
  const routers = plan.routers;
  const drawn = new Map(plan.edges.map((edge) => [edge.id, edge]));
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
