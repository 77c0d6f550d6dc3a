import { StoreUnavailableError } from '../store-unavailable-error.js';
import { isConnectionLoss } from './connection-errors.js';

type AsyncMethods<R> = { [K in keyof R]: R[K] extends (...args: never[]) => Promise<unknown> ? R[K] : never };

/**
 * `target`'s methods, with a lost or unreachable database reported as
 * StoreUnavailableError (the gateway's 503, a family's SERVER_ERROR) instead of a driver
 * error; every other failure passes through as it was.
 */
export function guardUnavailable<R extends AsyncMethods<R>>(target: R, what: string): R {
  const guarded = {} as Record<string, unknown>;
  for (const key of Object.keys(target) as (keyof R & string)[]) {
    const method = target[key] as (...args: unknown[]) => Promise<unknown>;
    guarded[key] = async (...args: unknown[]) => {
      try {
        return await method.apply(target, args);
      } catch (error) {
        if (error instanceof StoreUnavailableError || !isConnectionLoss(error)) throw error;
        throw new StoreUnavailableError(`store: the database is unavailable (${what}.${key})`, { cause: error });
      }
    };
  }
  return guarded as R;
}
