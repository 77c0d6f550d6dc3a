import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { randomUUID } from 'node:crypto';
import type { Bus, BusEvent } from '../../bus/index.js';
import type { LibraryConfig } from '../../config/library.js';
import { bearerToken, HttpError, type HttpRequest, type HttpRoute, type JwtAuth } from '../../gateway/index.js';
import { describeErrors } from '../../protocol/index.js';
import { CreateLibraryBody, MaintenanceBody, NotificationBody, StartSyncBody } from '../../protocol/library.js';
import type { SyncStart } from '../../../machines/library/sync-machine.js';
import { SYSTEM_ADDRESS } from '../../../machines/library/system-machine.js';
import { LibraryErrorCode as E } from './errors.js';
import type { MaintenanceGate } from './maintenance-gate.js';
import type { CreationGuard } from '../creation-guard.js';
import type { GameStatus, LibraryRepository, LibraryRow } from '../../store/index.js';

export interface RestDeps {
  bus: Bus;
  auth: JwtAuth;
  repo: LibraryRepository;
  config: LibraryConfig;
  requestTimeoutMs: number;
  gate: MaintenanceGate;
  /** Per-user limits on creating libraries and starting syncs (`creation-guard.ts`). */
  creations: { libraries: CreationGuard; syncs: CreationGuard };
  /** Build a sync job's start event (settings and estimates) for a library. */
  syncStart(library: LibraryRow, operationId: string, type: 'full' | 'incremental'): SyncStart;
}

const STATUSES: readonly GameStatus[] = ['unplayed', 'playing', 'played', 'completed'];

function decodeBody<C extends t.Mixed>(codec: C, body: unknown): t.TypeOf<C> {
  const result = codec.decode(body ?? {});
  if (isLeft(result)) throw new HttpError(400, E.VALIDATION_ERROR, describeErrors(result.left));
  return result.right;
}

function intParam(query: URLSearchParams, name: string, min: number, max: number, fallback?: number): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new HttpError(400, E.VALIDATION_ERROR, `${name}: expected an integer ${min}..${max}`);
  return value;
}

/** `/api/libraries…`, `/api/operations…`, `/api/conversations/:id`, `/api/status` and `/api/admin/…`. */
export function createLibraryRestRoutes(deps: RestDeps): HttpRoute[] {
  const { bus, auth, repo, config, gate } = deps;

  const userOf = async (req: HttpRequest) => (await auth.verify(bearerToken(req.headers))).member!;
  const ownLibrary = async (userId: string, id: string) => {
    const library = await repo.library(id);
    // Another user's library is as invisible as a missing one.
    if (!library || library.user_id !== userId) throw new HttpError(404, E.NOT_FOUND, `no library ${id}`);
    return library;
  };
  const ownOperation = async (userId: string, id: string) => {
    const op = await repo.operation(id);
    if (!op || op.user_id !== userId) throw new HttpError(404, E.NOT_FOUND, `no operation ${id}`);
    return op;
  };
  const requireAdmin = async (req: HttpRequest) => {
    const user = await userOf(req);
    if (!config.adminUsers.includes(user)) throw new HttpError(403, E.PERMISSION_DENIED, 'administrators only');
    return user;
  };
  const ask = (address: string, event: BusEvent, member: string) => bus.request(address, event, { from: { member }, timeoutMs: deps.requestTimeoutMs });

  return [
    {
      method: 'post',
      path: '/api/libraries',
      async handler(req) {
        const userId = await userOf(req);
        const body = decodeBody(CreateLibraryBody, req.body);
        deps.creations.libraries.check(userId, E.RATE_LIMIT_EXCEEDED);
        let account = body.platform_user_id ?? userId;
        if (body.platform === 'steam') {
          if (!body.platform_user_id || !/^\d{17}$/.test(body.platform_user_id)) {
            throw new HttpError(400, E.VALIDATION_ERROR, 'platform_user_id: expected a 64-bit SteamID (17 digits) for a steam library');
          }
          account = body.platform_user_id;
        }
        const library = await repo.createLibrary({ id: randomUUID(), userId, name: body.name, platform: body.platform, account, at: new Date().toISOString() });
        return { status: 201, body: library };
      },
    },
    {
      method: 'get',
      path: '/api/libraries',
      async handler(req) {
        return { status: 200, body: { libraries: await repo.libraries(await userOf(req)) } };
      },
    },
    {
      method: 'get',
      path: '/api/libraries/:id',
      async handler(req) {
        return { status: 200, body: await ownLibrary(await userOf(req), req.params.id) };
      },
    },
    {
      method: 'get',
      path: '/api/libraries/:id/games',
      async handler(req) {
        const library = await ownLibrary(await userOf(req), req.params.id);
        const { query } = req;
        const statuses = (query.get('status') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        for (const s of statuses) {
          if (!STATUSES.includes(s as GameStatus)) throw new HttpError(400, E.VALIDATION_ERROR, `status: expected one of ${STATUSES.join(', ')}`);
        }
        const sort = query.get('sort') ?? 'title';
        if (!['title', 'metacritic', 'playtime', 'recent'].includes(sort)) throw new HttpError(400, E.VALIDATION_ERROR, 'sort: expected title, metacritic, playtime or recent');
        const limit = intParam(query, 'limit', 1, 500, 50)!;
        const offset = intParam(query, 'offset', 0, 1_000_000, 0)!;
        const genres = (query.get('genre') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const result = await repo.games({
          libraryIds: [library.library_id],
          genres,
          statuses: statuses as GameStatus[],
          minMetacritic: intParam(query, 'min_rating', 0, 100),
          text: query.get('q')?.trim() || undefined,
          sort: sort as 'title',
          limit,
          offset,
          now: Date.now(),
        });
        return { status: 200, body: { library_id: library.library_id, total: result.total, limit, offset, games: result.games } };
      },
    },
    {
      method: 'post',
      path: '/api/libraries/:id/sync',
      async handler(req) {
        const userId = await userOf(req);
        const library = await ownLibrary(userId, req.params.id);
        const body = decodeBody(StartSyncBody, req.body);
        const type = body.type ?? 'incremental';
        if (gate.blocks('sync')) throw new HttpError(503, E.MAINTENANCE_MODE, 'new syncs are paused for system maintenance; try again when it has ended');
        deps.creations.syncs.check(userId, E.RATE_LIMIT_EXCEEDED);
        const { created, operation } = await repo.createOperation({ id: randomUUID(), libraryId: library.library_id, userId, type, at: new Date().toISOString() });
        if (!created) {
          return { status: 409, body: { error: { code: E.SYNC_IN_PROGRESS, message: 'a sync of this library is already running' }, operation_id: operation.operation_id } };
        }
        const start = deps.syncStart(library, operation.operation_id, type);
        const reply = await ask(`sync/${operation.operation_id}`, { type: 'start', ...start }, userId).catch(async (error) => {
          await repo.updateOperation({ ...operation, id: operation.operation_id, status: 'failed', error_code: E.SERVER_ERROR, error_message: 'the sync could not be started', finished_at: new Date().toISOString(), updated_at: new Date().toISOString() });
          throw error;
        });
        if (reply.type !== 'sync_accepted') throw new HttpError(500, E.SERVER_ERROR, 'the sync could not be started');
        return { status: 202, body: { operation_id: operation.operation_id, library_id: library.library_id, type, status: 'pending' } };
      },
    },
    {
      method: 'get',
      path: '/api/operations/:id',
      async handler(req) {
        return { status: 200, body: await ownOperation(await userOf(req), req.params.id) };
      },
    },
    {
      method: 'post',
      path: '/api/operations/:id/cancel',
      async handler(req) {
        const userId = await userOf(req);
        const op = await ownOperation(userId, req.params.id);
        const reply = await ask(`sync/${op.operation_id}`, { type: 'cancel' }, userId);
        if (reply.type === 'sync_cancelled') return { status: 200, body: { operation_id: op.operation_id, status: 'cancelled' } };
        return { status: 409, body: { error: { code: E.OPERATION_FINISHED, message: `the operation is already ${String(reply.status)}` }, operation_id: op.operation_id, status: reply.status } };
      },
    },
    {
      method: 'get',
      path: '/api/conversations/:id',
      async handler(req) {
        const userId = await userOf(req);
        const conversation = await repo.conversation(req.params.id);
        if (!conversation || conversation.user_id !== userId) throw new HttpError(404, E.NOT_FOUND, `no conversation ${req.params.id}`);
        return {
          status: 200,
          body: { conversation_id: conversation.id, library_id: conversation.library_id, created_at: conversation.created_at, messages: await repo.recentMessages(conversation.id, 1_000) },
        };
      },
    },
    {
      method: 'get',
      path: '/api/status',
      async handler() {
        const state = await bus.request(SYSTEM_ADDRESS, { type: 'get_status' }, { timeoutMs: deps.requestTimeoutMs });
        return { status: 200, body: { maintenance: state.maintenance, components: state.components } };
      },
    },
    {
      method: 'post',
      path: '/api/admin/maintenance',
      async handler(req) {
        const admin = await requireAdmin(req);
        const body = decodeBody(MaintenanceBody, req.body);
        const { action, ...rest } = body;
        const reply = await ask(SYSTEM_ADDRESS, action === 'start' ? { type: 'maintenance_start', ...rest } : { type: 'maintenance_end' }, admin);
        return { status: 200, body: { maintenance: reply.maintenance } };
      },
    },
    {
      method: 'post',
      path: '/api/admin/notifications',
      async handler(req) {
        const admin = await requireAdmin(req);
        const body = decodeBody(NotificationBody, req.body);
        const reply = await ask(SYSTEM_ADDRESS, { type: 'notify', ...body }, admin);
        return { status: 201, body: reply.notification };
      },
    },
  ];
}
