import { HttpError } from './types.js';

/** What a list endpoint was asked for: at most `limit` items after the item `after` (an id from the previous page). */
export interface PageQuery {
  limit: number;
  after?: string;
}

/**
 * Read `?limit=` and `?after=` of a list endpoint (`GET /api/channels`, `/api/tables`, …).
 * No `limit` means `defaultLimit`, large enough that a client written before paging sees
 * the whole list in the common case; a bad one is a 400 naming the parameter.
 */
export function readPageQuery(query: URLSearchParams, { defaultLimit, maxLimit }: { defaultLimit: number; maxLimit: number }): PageQuery {
  const raw = query.get('limit');
  const limit = raw === null ? Math.min(defaultLimit, maxLimit) : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw new HttpError(400, 'VALIDATION_ERROR', `limit: expected an integer in 1..${maxLimit}`);
  const after = query.get('after') ?? undefined;
  if (after !== undefined && (after.length === 0 || after.length > 200)) throw new HttpError(400, 'VALIDATION_ERROR', 'after: expected the id of the last item of the previous page');
  return after === undefined ? { limit } : { limit, after };
}
