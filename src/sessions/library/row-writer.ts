import type { Logger } from '../../runtime/index.js';

/**
 * The library workers' row writes, made one after the other in the order they were asked
 * for, each retried until the store takes it and then confirmed to the actor that asked
 * (every write up to it at once).
 * That actor tells its user nothing of the step meanwhile, so a store that is down for a
 * while delays what the user hears instead of losing a row the user was told about. One at a
 * time: a retried operation row must not land after a newer one of the same job.
 */
export function createRowWriter(deps: { logger: Logger; stopped(): boolean; retryBaseMs?: number; retryMaxMs?: number }) {
  const { logger, stopped } = deps;
  const baseMs = deps.retryBaseMs ?? 100;
  const maxMs = deps.retryMaxMs ?? 5_000;
  let chain: Promise<void> = Promise.resolve();
  /** Writes asked for and not done, per actor: only the last of a run is confirmed (it confirms those before it). */
  const queued = new Map<string, number>();

  async function attempt(run: () => Promise<void>, confirmed: () => void, what: string) {
    for (let tries = 0; ; tries++) {
      try {
        await run();
      } catch (error) {
        // Stopping: the store is closing, and the actor's snapshot still holds the write (asked again at the next start).
        if (stopped()) return void logger.warn({ err: error, what }, 'library: a row was not stored before the stop; it is written again at the next start');
        logger.error({ err: error, what, tries }, 'library: could not store a row; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(maxMs, baseMs * 2 ** tries)));
        if (stopped()) return;
        continue;
      }
      return confirmed();
    }
  }

  return {
    /**
     * Run `run` once every write asked for before it has been stored, then call `confirmed`
     * unless another write of the same actor (`key`) is queued behind it: that one's
     * confirmation covers this one too, so a job's game row and counters cost it one message.
     */
    write(key: string, run: () => Promise<void>, confirmed: () => void, what: string) {
      queued.set(key, (queued.get(key) ?? 0) + 1);
      chain = chain.then(() =>
        attempt(run, () => (queued.get(key) === 1 ? confirmed() : undefined), what).finally(() => {
          const left = queued.get(key)! - 1;
          if (left === 0) queued.delete(key);
          else queued.set(key, left);
        }),
      );
    },
  };
}
