import { assign, emit, enqueueActions, setup } from 'xstate';
import type { Outgoing } from '../../src/contract/index.js';
import type { GameDetails, GameRecord, KnownGame, OwnedGame } from './game-records.js';
import { failedEvent, nowOf, operationRecord, operationRow, processDetails, progressEvent, rateLimitedEvent, round2, syncRoute, toIo, toSender, toUser } from './sync-events.js';
import { backoffMs, removedGames, selectGames } from './sync-rules.js';
import { confirm, confirms, noWrites, redo, stage, type WriteAhead } from './write-ahead.js';

/**
 * One library sync job (`sync/<operation_id>`). It never does I/O: it asks the session
 * layer for platform data by emitting `$io_*` requests on the `library-io` topic and
 * receives the answers as events (`listing_fetched`, `details_fetched`, `fetch_failed`,
 * `fetch_rate_limited`, each tagged with the request's `seq`). Waiting (retry backoff,
 * platform rate limits, pacing) is XState delays whose deadlines live in context, so a
 * restored job re-arms them.
 *
 * Its rows (games, the operation's counters) are written by the session once the turn that
 * asked for them has committed; the user hears of a step only once its rows are confirmed
 * (`io_saved`), and a restored job asks again for the writes not confirmed (see write-ahead.ts).
 */

export { LIBRARY_IO_TOPIC, processDetails, userTopic, type OperationRow } from './sync-events.js';

export interface SyncSettings {
  progressIntervalMs: number;
  stepDelayMs: number;
  requestTimeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  maxAutoResumeSec: number;
  retryAfterSec: number;
  summaryMax: number;
  estimatedMsPerGame: number;
}

export interface SyncStart {
  operation_id: string;
  library_id: string;
  library_name: string;
  user_id: string;
  platform: string;
  account: string;
  sync_type: 'full' | 'incremental';
  settings: SyncSettings;
}

export type SyncStatus = 'pending' | 'in_progress' | 'rate_limited' | 'completed' | 'failed' | 'cancelled';

export interface SyncContext extends WriteAhead {
  op: SyncStart | null;
  status: SyncStatus;
  phase: 'listing' | 'details';
  queue: OwnedGame[];
  index: number;
  processed: number;
  added: number;
  updated: number;
  removed: number;
  errors: number;
  newGames: { title: string; game_id: string }[];
  updatedGames: { title: string; changes: string[] }[];
  startedAt: number;
  /** The last delivery time seen (timer events carry no `$at`). */
  now: number;
  lastProgressAt: number;
  seq: number;
  attempt: number;
  /** Deadline (epoch ms) of the current wait and its length, re-armed on restore. */
  resumeAt: number;
  waitMs: number;
  finishedAt: number | null;
  lastError: { code: string; message: string } | null;
}

type Failure = { kind: 'transient' | 'auth' | 'not_found' | 'permanent' | 'not_configured'; message: string };

export type SyncEvent =
  | ({ type: 'start' } & SyncStart & Stamp)
  | ({ type: 'listing_fetched'; seq: number; games: OwnedGame[]; known: KnownGame[] } & Stamp)
  | ({ type: 'details_fetched'; seq: number; details: GameDetails; existing: GameRecord | null } & Stamp)
  | ({ type: 'fetch_failed'; seq: number } & Failure & Stamp)
  | ({ type: 'fetch_rate_limited'; seq: number; retry_after_seconds: number; requests_remaining: number; window_reset_at: string } & Stamp)
  | ({ type: 'cancel' } & Stamp)
  | ({ type: 'io_saved'; wseq: number } & Stamp)
  | ({ type: '$restored' } & Stamp);
type Stamp = { $at?: number; $from?: { conn?: string; member?: string } };

const TERMINAL: readonly SyncStatus[] = ['completed', 'failed', 'cancelled'];
export const isTerminal = (status: SyncStatus) => TERMINAL.includes(status);

type Details = Extract<SyncEvent, { type: 'details_fetched' }>;
type Listing = Extract<SyncEvent, { type: 'listing_fetched' }>;
type Failed = Extract<SyncEvent, { type: 'fetch_failed' }>;
type Limited = Extract<SyncEvent, { type: 'fetch_rate_limited' }>;

/** What a step's `enqueueActions` can do: stage its outgoing events and apply its update with them. */
type Enqueue = { assign(update: Partial<SyncContext>): void; emit(o: Outgoing): void };

/** Apply `update`, then say `outs` through the write-ahead (rows first, the user's events once they are written). */
function say(enqueue: Enqueue, context: SyncContext, update: Partial<SyncContext>, outs: Outgoing[]) {
  const { next, emit } = stage(context, outs, syncRoute);
  enqueue.assign({ ...update, ...next });
  for (const o of emit) enqueue.emit(o);
}

export const syncMachine = setup({
  types: { context: {} as SyncContext, events: {} as SyncEvent, emitted: {} as Outgoing },
  delays: {
    requestTimeout: ({ context }) => context.op?.settings.requestTimeoutMs ?? 30_000,
    wait: ({ context }) => context.waitMs,
    step: ({ context }) => context.op?.settings.stepDelayMs ?? 0,
  },
  guards: {
    current: ({ context, event }) => 'seq' in event && event.seq === context.seq,
    done: ({ context }) => context.index >= context.queue.length,
    noStepDelay: ({ context }) => (context.op?.settings.stepDelayMs ?? 0) === 0,
    phaseListing: ({ context }) => context.phase === 'listing',
    canRetry: ({ context }) => context.attempt < context.op!.settings.maxRetries,
  },
  actions: {
    /** Outgoing events built from the context as it stands (after the transition's earlier assigns). */
    say: enqueueActions(({ context, enqueue }, params: { outs: Outgoing[] }) => say(enqueue, context, {}, params.outs)),
    redo: enqueueActions(({ context, enqueue }) => {
      for (const o of redo(context)) enqueue.emit(o);
    }),
    restoreWait: assign(({ context, event }) => ({
      waitMs: Math.max(0, context.resumeAt - nowOf(context, event)),
      now: nowOf(context, event),
    })),
    requestListing: enqueueActions(({ context, enqueue }) => {
      const seq = context.seq + 1;
      enqueue.assign({ seq });
      enqueue.emit(toIo({ type: '$io_list', operation_id: context.op!.operation_id, seq, library_id: context.op!.library_id, platform: context.op!.platform, account: context.op!.account }));
    }),
    requestDetails: enqueueActions(({ context, enqueue }) => {
      const seq = context.seq + 1;
      enqueue.assign({ seq });
      enqueue.emit(
        toIo({
          type: '$io_details',
          operation_id: context.op!.operation_id,
          seq,
          library_id: context.op!.library_id,
          platform: context.op!.platform,
          account: context.op!.account,
          game: context.queue[context.index],
        }),
      );
    }),
  },
}).createMachine({
  id: 'sync',
  context: {
    op: null,
    status: 'pending',
    phase: 'listing',
    queue: [],
    index: 0,
    processed: 0,
    added: 0,
    updated: 0,
    removed: 0,
    errors: 0,
    newGames: [],
    updatedGames: [],
    startedAt: 0,
    now: 0,
    lastProgressAt: 0,
    seq: 0,
    attempt: 0,
    resumeAt: 0,
    waitMs: 0,
    finishedAt: null,
    lastError: null,
    ...noWrites(),
  },
  initial: 'idle',
  on: {
    // Requests answered in every state that does not handle them itself: exactly one reply each.
    // A refused start carries the job's own figures, for the row of a job that finished while its
    // row did not, and how many of its writes are unconfirmed (those rows are on their way).
    start: {
      actions: emit(({ context }) =>
        toSender({
          type: 'sync_refused',
          operation_id: context.op?.operation_id ?? null,
          status: context.status,
          operation: context.op ? operationRecord(context, context.now) : null,
          unsaved: (context.unsaved ?? []).length,
        }),
      ),
    },
    cancel: { actions: emit(({ context }) => toSender({ type: 'cancel_refused', operation_id: context.op?.operation_id ?? null, status: context.status })) },
    io_saved: {
      guard: ({ context, event }) => confirms(context, (event as Extract<SyncEvent, { type: 'io_saved' }>).wseq),
      actions: enqueueActions(({ context, event, enqueue }) => {
        const { next, emit: out } = confirm(context, (event as Extract<SyncEvent, { type: 'io_saved' }>).wseq);
        enqueue.assign(next);
        for (const o of out) enqueue.emit(o);
      }),
    },
    // States that wait on nothing (a finished job) still owe the rows their last steps asked for.
    $restored: { actions: 'redo' },
  },
  states: {
    idle: {
      on: {
        start: {
          target: 'active',
          actions: [
            assign(({ event }) => {
              const { $at, $from, type, ...op } = event as Extract<SyncEvent, { type: 'start' }>;
              void $from;
              void type;
              const now = $at ?? 0;
              return { op: op as SyncStart, status: 'in_progress' as const, startedAt: now, now, lastProgressAt: now, phase: 'listing' as const };
            }),
            { type: 'say', params: ({ context }) => ({ outs: [toSender({ type: 'sync_accepted', operation_id: context.op!.operation_id }), operationRow(context, context.now)] }) },
          ],
        },
      },
    },
    active: {
      initial: 'listing',
      on: {
        cancel: {
          target: 'cancelled',
          actions: [
            assign(({ context, event }) => ({
              status: 'cancelled' as const,
              now: nowOf(context, event),
              finishedAt: nowOf(context, event),
              lastError: { code: 'SYNC_CANCELLED', message: 'the sync was cancelled' },
            })),
            {
              type: 'say',
              params: ({ context }) => ({
                outs: [toSender({ type: 'sync_cancelled', operation_id: context.op!.operation_id, status: 'cancelled' }), failedEvent(context, context.now), operationRow(context, context.now)],
              }),
            },
          ],
        },
        fetch_failed: [
          {
            // One game the platform cannot describe (delisted, no stats): count it and go on.
            guard: ({ context, event }) =>
              (event as Failed).seq === context.seq && context.phase === 'details' && ((event as Failed).kind === 'not_found' || (event as Failed).kind === 'permanent'),
            target: '.stepping',
            actions: assign(({ context, event }) => ({ index: context.index + 1, processed: context.processed + 1, errors: context.errors + 1, attempt: 0, now: nowOf(context, event) })),
          },
          {
            guard: ({ context, event }) => (event as Failed).seq === context.seq && (event as Failed).kind === 'transient',
            target: '.failing',
            actions: assign(({ context, event }) => ({ now: nowOf(context, event), lastError: { code: 'PLATFORM_API_ERROR', message: (event as Failed).message } })),
          },
          {
            guard: 'current',
            target: 'failed',
            actions: assign(({ context, event }) => {
              const kind = (event as Failed).kind;
              const code = kind === 'auth' ? 'PLATFORM_AUTH_ERROR' : kind === 'not_configured' ? 'PLATFORM_NOT_CONFIGURED' : 'PLATFORM_API_ERROR';
              return { now: nowOf(context, event), lastError: { code, message: (event as Failed).message } };
            }),
          },
        ],
        fetch_rate_limited: [
          {
            guard: ({ context, event }) => (event as Limited).seq === context.seq && (event as Limited).retry_after_seconds <= context.op!.settings.maxAutoResumeSec,
            target: '.rateLimited',
            actions: [
              assign(({ context, event }) => {
                const now = nowOf(context, event);
                const waitMs = Math.max(0, (event as Limited).retry_after_seconds) * 1000;
                return { status: 'rate_limited' as const, now, waitMs, resumeAt: now + waitMs };
              }),
              { type: 'say', params: ({ context, event }) => ({ outs: [rateLimitedEvent(context, event as Limited, true), operationRow(context, context.now)] }) },
            ],
          },
          {
            guard: 'current',
            target: 'failed',
            actions: [
              assign(({ context, event }) => ({
                now: nowOf(context, event),
                waitMs: (event as Limited).retry_after_seconds * 1000,
                lastError: { code: 'PLATFORM_RATE_LIMITED', message: `${context.op!.platform} rate limit: retry after ${(event as Limited).retry_after_seconds} s` },
              })),
              { type: 'say', params: ({ context, event }) => ({ outs: [rateLimitedEvent(context, event as Limited, false)] }) },
            ],
          },
        ],
      },
      states: {
        listing: {
          entry: 'requestListing',
          after: { requestTimeout: { target: 'failing', actions: assign({ lastError: () => ({ code: 'PLATFORM_API_ERROR', message: 'the platform did not answer in time' }) }) } },
          on: {
            $restored: { target: 'listing', reenter: true, actions: ['redo', assign({ now: ({ context, event }) => nowOf(context, event) })] },
            listing_fetched: {
              guard: 'current',
              target: 'stepping',
              actions: enqueueActions(({ context, event, enqueue }) => {
                const e = event as Listing;
                const op = context.op!;
                const now = nowOf(context, e);
                const queue = selectGames(op.sync_type, e.games, e.known);
                const gone = op.sync_type === 'full' ? removedGames(e.games, e.known) : [];
                const update = { queue, index: 0, removed: gone.length, phase: 'details' as const, attempt: 0, now };
                const next = { ...context, ...update };
                const outs: Outgoing[] = [];
                if (gone.length > 0) outs.push(toIo({ type: '$io_remove_games', operation_id: op.operation_id, library_id: op.library_id, game_ids: gone.map((g) => g.game_id) }));
                outs.push(
                  toUser(
                    next,
                    'sync_started',
                    {
                      operation_id: op.operation_id,
                      library_id: op.library_id,
                      library_name: op.library_name,
                      operation_type: `${op.sync_type}_sync`,
                      estimated_duration_minutes: Math.round(((queue.length * op.settings.estimatedMsPerGame) / 60_000) * 10) / 10,
                      total_games_to_process: queue.length,
                    },
                    now,
                  ),
                );
                outs.push(operationRow(next, now));
                say(enqueue, context, update, outs);
              }),
            },
          },
        },
        fetchingDetails: {
          entry: 'requestDetails',
          after: { requestTimeout: { target: 'failing', actions: assign({ lastError: () => ({ code: 'PLATFORM_API_ERROR', message: 'the platform did not answer in time' }) }) } },
          on: {
            $restored: { target: 'fetchingDetails', reenter: true, actions: ['redo', assign({ now: ({ context, event }) => nowOf(context, event) })] },
            details_fetched: {
              guard: 'current',
              target: 'stepping',
              actions: enqueueActions(({ context, event, enqueue }) => {
                const { next, events } = processDetails(context, event as Details);
                say(enqueue, context, next, events);
              }),
            },
          },
        },
        stepping: {
          always: [
            { guard: 'done', target: '#sync.completed' },
            { guard: 'noStepDelay', target: 'fetchingDetails' },
          ],
          after: { step: 'fetchingDetails' },
          on: { $restored: { target: 'stepping', reenter: true, actions: ['redo', assign({ now: ({ context, event }) => nowOf(context, event) })] } },
        },
        failing: {
          always: [
            {
              guard: 'canRetry',
              target: 'backoff',
              actions: assign(({ context }) => {
                const attempt = context.attempt + 1;
                const waitMs = backoffMs(context.op!.settings.retryBaseMs, attempt);
                return { attempt, waitMs, resumeAt: context.now + waitMs };
              }),
            },
            { target: '#sync.failed' },
          ],
        },
        backoff: {
          after: { wait: 'resuming' },
          on: { $restored: { target: 'backoff', reenter: true, actions: ['redo', 'restoreWait'] } },
        },
        rateLimited: {
          after: { wait: { target: 'resuming', actions: assign({ status: 'in_progress' as const }) } },
          on: { $restored: { target: 'rateLimited', reenter: true, actions: ['redo', 'restoreWait'] } },
        },
        resuming: {
          always: [{ guard: 'phaseListing', target: 'listing' }, { target: 'fetchingDetails' }],
        },
      },
    },
    completed: {
      entry: enqueueActions(({ context, enqueue }) => {
        const done = { ...context, status: 'completed' as const, finishedAt: context.now };
        say(enqueue, context, { status: 'completed', finishedAt: context.now }, [
          progressEvent(done, context.now, null),
          toUser(
            done,
            'sync_completed',
            {
              operation_id: done.op!.operation_id,
              library_id: done.op!.library_id,
              status: 'completed',
              duration_minutes: round2((context.now - context.startedAt) / 60_000),
              games_processed: done.processed,
              games_added: done.added,
              games_updated: done.updated,
              games_removed: done.removed,
              errors_count: done.errors,
              summary: { new_games: done.newGames, updated_games: done.updatedGames },
            },
            context.now,
          ),
          operationRow(done, context.now),
        ]);
      }),
    },
    failed: {
      entry: enqueueActions(({ context, enqueue }) => {
        const done = { ...context, status: 'failed' as const, finishedAt: context.now };
        say(enqueue, context, { status: 'failed', finishedAt: context.now }, [failedEvent(done, context.now), operationRow(done, context.now)]);
      }),
    },
    cancelled: {},
  },
});

export type SyncMachine = typeof syncMachine;

