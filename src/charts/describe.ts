/**
 * Human-readable names for the parts of an XState definition a chart shows: guards
 * (including `and`/`or`/`not` and inline functions), actions, delays and event
 * descriptors. Pure functions of the definition, so charts are deterministic.
 */

const INLINE_SOURCE_MAX = 48;

/** `isOwner`, `!isMember`, `a && !b`, `context.winner !== null`, or `inline guard`. */
export function describeGuard(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const combinator = guard as { name: string; guards?: unknown[] };
    if (Array.isArray(combinator.guards)) {
      const parts = combinator.guards.map((inner) => wrap(describeGuard(inner)));
      if (combinator.name === 'not') return `!${parts[0]}`;
      if (combinator.name === 'and') return parts.join(' && ');
      if (combinator.name === 'or') return parts.join(' || ');
      return `${combinator.name}(${parts.join(', ')})`;
    }
    // A named function says what it checks; an anonymous one is shown by its (short) body.
    if (guard.name && guard.name !== 'guard') return guard.name;
    return inlineSource(guard) ?? 'inline guard';
  }
  if (guard && typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') {
    return (guard as { type: string }).type;
  }
  return 'guard';
}

/** Wrap a compound guard in parentheses when it is nested in another one. */
function wrap(text: string): string {
  return /&&|\|\|/.test(text) ? `(${text})` : text;
}

/**
 * The body of a short arrow-function guard such as `({ context }) => context.winner !== null`,
 * or undefined for anything longer or not of that shape. The text is normalised
 * (whitespace and quotes) because TypeScript loaders print functions differently and
 * charts must not depend on which one ran.
 */
function inlineSource(fn: Function): string | undefined {
  const source = Function.prototype.toString.call(fn).replace(/\s+/g, ' ').trim();
  const match = /^(?:async )?\(?[^()]*?\)?\s*=>\s*(.+)$/.exec(source);
  if (!match) return undefined;
  const body = match[1]
    .replace(/;$/, '')
    .replace(/"/g, "'")
    .replace(/\s*([^\w\s$'])\s*/g, '$1')
    .replace(/(===|!==|==|!=|>=|<=|&&|\|\||\?\?|(?<![=!<>])[<>](?!=))/g, ' $1 ')
    .trim();
  if (body.startsWith('{') || body.length > INLINE_SOURCE_MAX) return undefined;
  return body;
}

/** The name of an action as a designer would read it: `persistChannel`, `assign`, `raise`, `emit`. */
export function describeAction(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'function') {
    const builtIn = (action as { type?: unknown }).type;
    if (typeof builtIn === 'string') return builtIn.replace(/^xstate\./, '');
    return action.name && action.name !== 'actions' && action.name !== 'entry' && action.name !== 'exit' ? action.name : 'inline action';
  }
  if (action && typeof action === 'object' && typeof (action as { type?: unknown }).type === 'string') {
    return (action as { type: string }).type.replace(/^xstate\./, '');
  }
  return 'action';
}

/** `250 ms`, `8 s`, `1.5 s`, `5 min`, or a named delay as written. */
export function describeDelay(delay: number | string): string {
  if (typeof delay === 'string') return /^\d+$/.test(delay) ? describeDelay(Number(delay)) : delay;
  if (delay >= 60_000 && delay % 60_000 === 0) return `${delay / 60_000} min`;
  if (delay >= 1000) return `${Number((delay / 1000).toFixed(3))} s`;
  return `${delay} ms`;
}

/**
 * What triggers a transition, from its event descriptor: an event name, `any event` (`*`),
 * `always`, `after <delay>`, `done` (a child reached its final state), or an invoked actor's
 * `done(id)` / `error(id)`.
 */
export function describeTrigger(eventType: string, delay?: number | string): string {
  if (eventType === '') return 'always';
  if (eventType === '*') return 'any event';
  if (delay !== undefined || eventType.startsWith('xstate.after.')) return `after ${describeDelay(delay ?? eventType.split('.')[2])}`;
  if (eventType.startsWith('xstate.done.state.')) return 'done';
  if (eventType.startsWith('xstate.done.actor.')) return `done(${eventType.slice('xstate.done.actor.'.length)})`;
  if (eventType.startsWith('xstate.error.actor.')) return `error(${eventType.slice('xstate.error.actor.'.length)})`;
  return eventType;
}
