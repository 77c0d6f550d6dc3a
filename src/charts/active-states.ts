import type { AnyStateMachine, AnyStateNode, StateValue } from 'xstate';

/**
 * The ids of the state nodes active in `value` (the root, every active compound and
 * parallel state and region, and the active leaves): what the live view highlights.
 * Parts of `value` the machine does not know are ignored.
 */
export function activeStateIds(machine: AnyStateMachine, value: StateValue | unknown): string[] {
  const ids: string[] = [];
  const visit = (node: AnyStateNode, at: unknown) => {
    ids.push(node.id);
    if (typeof at === 'string') {
      const child = node.states[at];
      if (child) visit(child, undefined);
    } else if (at && typeof at === 'object') {
      for (const [key, inner] of Object.entries(at)) {
        const child = node.states[key];
        if (child) visit(child, inner);
      }
    }
  };
  visit(machine.root, value);
  return ids;
}
