import { libraryConfig, type LibraryConfig } from '../../config/library.js';
import type { ConfigWith } from '../../config/index.js';
import { libraryWire } from '../../protocol/library.js';
import { defineActorKind } from '../../runtime/index.js';
import { defineSession, type LiveSession, type SessionDeps, type SessionType } from '../define-session.js';
import { conversationMachine } from '../../../machines/library/conversation-machine.js';
import { isTerminal, syncMachine, type OperationRow, type SyncContext, type SyncStart } from '../../../machines/library/sync-machine.js';
import { SYSTEM_ADDRESS, systemMachine } from '../../../machines/library/system-machine.js';
import { createFixtureAdapter } from './adapters/fixture-adapter.js';
import { createHealthMonitor } from './adapters/health-monitor.js';
import type { PlatformAdapter } from './adapters/platform-adapter.js';
import { createSteamAdapter } from './adapters/steam-adapter.js';
import { createConversationKind } from './assistant/conversation-kind.js';
import { createAssistantIo } from './assistant/assistant-io.js';
import { createMaintenanceGate } from './maintenance-gate.js';
import type { LibraryRow } from '../../store/index.js';
import { createCreationGuard } from '../creation-guard.js';
import { createLibraryRestRoutes } from './rest-routes.js';
import { createLibrarySocketRoute } from './socket-route.js';
import { createSyncIo } from './sync-io.js';
import { conversationPrivateFields, syncPrivateFields, systemPrivateFields } from '../../../machines/library/private-fields.js';

export interface LibrarySessionOptions {
  /** Replace or add platform adapters (tests inject a scripted fixture). */
  adapters?: Record<string, PlatformAdapter>;
}

/**
 * Seed 001: library sync jobs (one actor per operation), the streaming assistant (one
 * actor per conversation) and system events, over `/ws?token=JWT` and `/api/…`.
 */
export function createLibrarySession(options: LibrarySessionOptions = {}): SessionType {
  return defineSession({
    name: 'library',
    config: libraryConfig,
    machines: () => ({ sync: syncMachine, 'library-system': systemMachine, conversation: conversationMachine }),
    privateFields: { sync: syncPrivateFields, 'library-system': systemPrivateFields, conversation: conversationPrivateFields },
    wire: [libraryWire],
    repositories: ['library'],
    create: createLibrary(options),
  });
}

/** The live parts: the store's library tables, platform adapters, sync and assistant I/O, routes. */
function createLibrary(options: LibrarySessionOptions) {
  return async (deps: SessionDeps<ConfigWith<'library', LibraryConfig>>): Promise<LiveSession> => {
    const { bus, config, logger } = deps;
    const settings = config.library;
    // The store runs a repository's calls in call order: sync jobs read back the games they wrote,
    // a new conversation actor reads the messages the assistant appended.
    const repo = deps.store.library;

    const adapters = new Map<string, PlatformAdapter>();
    adapters.set(
      'fixture',
      createFixtureAdapter({
        latencyMs: settings.fixtureLatencyMs,
        failureRate: settings.fixtureFailureRate,
        rateLimitEvery: settings.fixtureRateLimitEvery,
        rateLimitRetrySec: settings.fixtureRateLimitRetrySec,
        seed: settings.fixtureSeed,
        drift: settings.fixtureDrift,
        revisions: {
          get: async (account) => {
            const value = await repo.kvGet(`fixture-revision:${account}`);
            return value === undefined ? undefined : Number(value);
          },
          set: (account, revision) => repo.kvSet(`fixture-revision:${account}`, String(revision)),
        },
      }),
    );
    adapters.set('steam', createSteamAdapter({ apiKey: settings.steamApiKey, baseUrl: settings.steamApiBaseUrl, storeBaseUrl: settings.steamStoreBaseUrl, timeoutMs: settings.syncRequestTimeoutMs }));
    for (const [name, adapter] of Object.entries(options.adapters ?? {})) adapters.set(name, adapter);

    const health = createHealthMonitor({
      window: settings.healthWindow,
      degradedErrorRate: settings.healthDegradedErrorRate,
      degradedLatencyMs: settings.healthDegradedLatencyMs,
      downErrorRate: settings.healthDownErrorRate,
      onChange: (report) => {
        try {
          bus.send(SYSTEM_ADDRESS, { event: { type: 'adapter_health', component: report.component, status: report.status, message: report.message, impact: report.impact } });
        } catch (error) {
          logger.warn({ err: error }, 'library: could not report adapter health');
        }
      },
    });

    const gate = createMaintenanceGate(bus);
    const syncIo = createSyncIo({ bus, repo, adapters, health, logger });
    const assistantIo = createAssistantIo({ bus, repo, config: settings, logger });

    const syncStart = (library: LibraryRow, operationId: string, type: 'full' | 'incremental'): SyncStart => ({
      operation_id: operationId,
      library_id: library.library_id,
      library_name: library.name,
      user_id: library.user_id,
      platform: library.platform,
      account: library.platform_user_id,
      sync_type: type,
      settings: {
        progressIntervalMs: settings.syncProgressIntervalMs,
        stepDelayMs: settings.syncStepDelayMs,
        requestTimeoutMs: settings.syncRequestTimeoutMs,
        maxRetries: settings.syncMaxRetries,
        retryBaseMs: settings.syncRetryBaseMs,
        maxAutoResumeSec: settings.syncMaxAutoResumeSec,
        retryAfterSec: settings.syncRetryAfterSec,
        summaryMax: settings.syncSummaryMax,
        // Steam needs four requests per game (schema, player achievements, rarity, store details).
        estimatedMsPerGame:
          settings.syncStepDelayMs +
          (library.platform === 'steam' ? 4 : 1) * (health.medianLatency(library.platform) ?? (library.platform === 'fixture' ? settings.fixtureLatencyMs : 250)),
      },
    });

    return {
      actors: [
        defineActorKind({
          kind: 'sync',
          machine: syncMachine,
          // A running job waits on timers (rate limits, backoff) that live only while it is in memory;
          // a finished one may still wait for its last rows to be confirmed.
          canPassivate: (snapshot) => isTerminal((snapshot.context as SyncContext).status) && ((snapshot.context as SyncContext).unsaved ?? []).length === 0,
        }),
        defineActorKind({ kind: 'library-system', machine: systemMachine, canPassivate: () => false }),
        createConversationKind({ repo, config: settings }),
      ],
      sockets: [createLibrarySocketRoute({ bus, auth: deps.auth, config: settings, gate, conversations: createCreationGuard(deps, { kind: 'conversation', what: 'conversations' }) })],
      // The server's administrators (ADMIN_USERS) are the library's too; LIBRARY_ADMIN_USERS adds to them.
      http: createLibraryRestRoutes({ bus, auth: deps.auth, repo, config: { ...settings, adminUsers: [...config.adminUsers, ...settings.adminUsers] }, requestTimeoutMs: config.requestTimeoutMs,
        gate,
        syncStart,
        creations: { libraries: createCreationGuard(deps, { what: 'libraries' }), syncs: createCreationGuard(deps, { kind: 'sync', what: 'syncs' }) },
      }),
      async start() {
        await gate.load(config.requestTimeoutMs);
        // Jobs that were running when the server stopped carry on: waking one restores its
        // snapshot (and re-arms its timers); a job with no snapshot starts over from the row.
        for (const op of await repo.unfinishedOperations()) {
          const library = await repo.library(op.library_id);
          if (!library) continue;
          const reply = await bus
            .request(`sync/${op.operation_id}`, { type: 'start', ...syncStart(library, op.operation_id, op.sync_type) }, { timeoutMs: config.requestTimeoutMs })
            .catch((error) => {
              logger.error({ err: error, operation: op.operation_id }, 'library: could not resume a sync');
              return undefined;
            });
          // A job whose last snapshot is already finished, while its row was not updated, settles the
          // row with the job's own figures (the row's may be behind). Not while the job still has
          // writes unconfirmed: it has just asked for them again, its finishing row last, and a
          // redone write is skipped once the row is finished.
          if (reply?.type === 'sync_refused' && isTerminal(reply.status as SyncContext['status']) && !(Number(reply.unsaved) > 0)) {
            const at = new Date().toISOString();
            const own = reply.operation as OperationRow | null | undefined;
            await repo.updateOperation(own ?? { ...op, id: op.operation_id, status: reply.status as SyncContext['status'], finished_at: op.finished_at ?? at, updated_at: at });
          }
        }
      },
      async stop() {
        syncIo.stop();
        assistantIo.stop();
        gate.stop();
      },
    };
  };
}

export const librarySession = createLibrarySession();
