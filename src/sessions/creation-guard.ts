import { createCreationLimit, HttpError } from '../gateway/index.js';
import type { SessionDeps } from './define-session.js';

/** Why a creation is refused: the type is at its live cap, or this client creates too fast. */
export type CreationRefusal =
  | { reason: 'full'; status: 503; message: string }
  | { reason: 'rate'; status: 429; message: string; retryAfterSec: number };

/**
 * What guards the creation of one session type's sessions (or rows): the per-client rate
 * (`CREATE_RATE_PER_MIN` / `CREATE_RATE_BURST`, keyed by user or by address) and the cap on
 * live actors of `kind` on this process (`MAX_LIVE_SESSIONS`; omit `kind` for rows that are
 * not live sessions). A refused creation changes nothing.
 */
export function createCreationGuard(deps: Pick<SessionDeps, 'config' | 'liveActors'>, options: { kind?: string; what: string }) {
  const { config } = deps;
  const limit = createCreationLimit({ perMin: config.createRatePerMin, burst: config.createRateBurst });
  const guard = {
    /** Undefined when `client` may create one now (and it is counted), else why not. */
    refusal(client: string): CreationRefusal | undefined {
      if (options.kind !== undefined && deps.liveActors(options.kind) >= config.maxLiveSessions) {
        return { reason: 'full', status: 503, message: `the server holds its maximum of ${config.maxLiveSessions} live ${options.what}; try again later` };
      }
      const wait = limit.take(client);
      if (wait > 0) return { reason: 'rate', status: 429, message: `too many ${options.what} created; retry in ${wait} s`, retryAfterSec: wait };
      return undefined;
    },
    /** `refusal` as the REST answer: 503 `SERVER_FULL`, or 429 with `Retry-After` and the family's rate-limit code. */
    check(client: string, rateCode = 'RATE_LIMITED'): void {
      const refused = guard.refusal(client);
      if (!refused) return;
      if (refused.reason === 'full') throw new HttpError(503, 'SERVER_FULL', refused.message);
      throw new HttpError(429, rateCode, refused.message, { 'retry-after': String(refused.retryAfterSec) });
    },
  };
  return guard;
}

export type CreationGuard = ReturnType<typeof createCreationGuard>;
