/**
 * What of one machine the live view (`/charts`) must never show, declared next to the
 * machine (`machines/<session>/private-fields.ts`) and attached to its session
 * definition. The charts mask by this declaration alone; a kind without one shows no
 * context and no payloads at all (fail closed).
 */
export interface PrivateFields {
  /**
   * Field names whose values are private wherever they appear: at any depth of the
   * context, and in the payload of any handled or emitted event (`role` masks
   * `players[3].role` and `event.role` alike). Exact names, case-sensitive.
   */
  readonly fields: readonly string[];
  /**
   * Event types whose whole payload is private (a night action, a chat line, an
   * answer being streamed): handled or emitted, only their type and sender are shown.
   */
  readonly events?: readonly string[];
}

/** Type-check a declaration. @example export const mafiaPrivateFields = definePrivateFields({ fields: ['role'], events: ['SUBMIT_NIGHT_ACTION'] }); */
export function definePrivateFields(declaration: PrivateFields): PrivateFields {
  return declaration;
}
