import type { Bus, BusEvent } from '../../bus/index.js';
import type { Logger } from '../../runtime/index.js';
import type { GameRecord, OwnedGame } from '../../../machines/library/game-records.js';
import { isTerminal, LIBRARY_IO_TOPIC, type OperationRow, type SyncStatus } from '../../../machines/library/sync-machine.js';
import { SYNC_WRITES } from '../../../machines/library/sync-events.js';
import type { HealthMonitor } from './adapters/health-monitor.js';
import { PlatformError, type PlatformAdapter } from './adapters/platform-adapter.js';
import type { LibraryRepository } from '../../store/index.js';
import { createRowWriter } from './row-writer.js';

/**
 * The I/O half of sync jobs. Sync machines emit `$io_*` requests on the `library-io`
 * topic; this worker calls the platform adapter or the repository and sends the result
 * back to the job's mailbox as an event carrying the request's `seq`. A row write is
 * confirmed to the job (`io_saved` with its `wseq`) once it is in the store: until then the
 * job tells the user nothing of that step.
 */
export function createSyncIo(deps: {
  bus: Bus;
  /** In call order (`inCallOrder`): a read made after a write sees it. */
  repo: LibraryRepository;
  adapters: ReadonlyMap<string, PlatformAdapter>;
  health: HealthMonitor;
  logger: Logger;
}) {
  const { bus, repo, adapters, health, logger } = deps;
  let stopped = false;
  const rows = createRowWriter({ logger, stopped: () => stopped });

  function reply(operationId: string, event: BusEvent) {
    if (stopped) return;
    try {
      bus.send(`sync/${operationId}`, { event });
    } catch (error) {
      logger.warn({ err: error, operationId }, 'library: could not deliver a platform answer');
    }
  }

  async function call<T>(platform: string, operationId: string, seq: number, run: (adapter: PlatformAdapter) => Promise<T>): Promise<T | undefined> {
    const adapter = adapters.get(platform);
    if (!adapter) {
      reply(operationId, { type: 'fetch_failed', seq, kind: 'not_configured', message: `platform "${platform}" is not available on this server` });
      return undefined;
    }
    const started = Date.now();
    try {
      const result = await run(adapter);
      health.record(platform, true, Date.now() - started);
      return result;
    } catch (error) {
      const elapsed = Date.now() - started;
      if (error instanceof PlatformError && error.kind === 'rate_limited') {
        health.record(platform, true, elapsed);
        const retry = error.details.retryAfterSec ?? 60;
        reply(operationId, {
          type: 'fetch_rate_limited',
          seq,
          retry_after_seconds: retry,
          requests_remaining: error.details.requestsRemaining ?? 0,
          window_reset_at: error.details.windowResetAt ?? new Date(Date.now() + retry * 1000).toISOString(),
        });
        return undefined;
      }
      const kind = error instanceof PlatformError ? error.kind : 'transient';
      // A game the platform cannot describe says nothing about the platform's health.
      health.record(platform, kind === 'not_found' || kind === 'permanent', elapsed);
      if (!(error instanceof PlatformError)) logger.warn({ err: error, platform }, 'library: platform call failed');
      reply(operationId, { type: 'fetch_failed', seq, kind, message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }

  async function handle(event: BusEvent) {
    switch (event.type) {
      case '$io_list': {
        const { operation_id, seq, platform, account, library_id } = event as unknown as { operation_id: string; seq: number; platform: string; account: string; library_id: string };
        const games = await call(platform, operation_id, seq, (a) => a.listOwnedGames(account));
        if (games) reply(operation_id, { type: 'listing_fetched', seq, games, known: await repo.knownGames(library_id) });
        return;
      }
      case '$io_details': {
        const { operation_id, seq, platform, account, library_id, game } = event as unknown as {
          operation_id: string; seq: number; platform: string; account: string; library_id: string; game: OwnedGame;
        };
        const details = await call(platform, operation_id, seq, (a) => a.getGameDetails(account, game));
        if (details) reply(operation_id, { type: 'details_fetched', seq, details, existing: await repo.game(library_id, game.platform_game_id) });
        return;
      }
    }
  }

  function write(event: BusEvent): Promise<void> {
    switch (event.type) {
      case '$io_save_game':
        return repo.saveGame(String(event.library_id), event.record as GameRecord, String(event.at));
      case '$io_remove_games':
        return repo.removeGames(String(event.library_id), event.game_ids as string[]);
      default:
        return repo.updateOperation(event.operation as OperationRow);
    }
  }

  /**
   * A row write, confirmed to its job once stored. Asked again after a restore (`redo`), it is
   * skipped when the operation's row is already finished: the finishing write is a job's last,
   * so every one before it is stored, and a later sync of the library may have changed them since.
   */
  function persist(event: BusEvent) {
    const operationId = String(event.operation_id);
    rows.write(
      operationId,
      async () => {
        if (event.redo === true) {
          const row = await repo.operation(operationId);
          if (row && isTerminal(row.status as SyncStatus)) return;
        }
        await write(event);
      },
      () => {
        if (typeof event.wseq === 'number') reply(operationId, { type: 'io_saved', wseq: event.wseq });
      },
      event.type,
    );
  }

  bus.subscribe(LIBRARY_IO_TOPIC, (event) => {
    // Stopping (a graceful shutdown): no more platform calls, but the rows of steps the jobs
    // already committed are still written — the host publishes its last outbox after the
    // sessions stop (their confirmations are not delivered: a restored job asks again).
    if (SYNC_WRITES.has(event.type)) return persist(event);
    if (stopped) return;
    // Each request starts in a microtask, in emission order, so its store write is made in
    // that order; a details request reads the game when its platform call returns, after the
    // previous game's save (the repository runs calls in call order). Platform calls run in the background.
    Promise.resolve()
      .then(() => handle(event))
      .catch((error) => logger.error({ err: error, type: event.type }, 'library: sync I/O failed'));
  });

  return {
    /** The subscription stays until the bus closes (after the host's last commit), for the writes. */
    stop() {
      stopped = true;
    },
  };
}
