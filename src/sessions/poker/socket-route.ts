import type { Bus } from '../../bus/index.js';
import type { PokerConfig } from '../../config/poker.js';
import { HttpError, type Connection, type SocketRoute } from '../../gateway/index.js';
import { PokerErrorCode, pokerCodec, type PokerCommand } from '../../protocol/poker.js';
import type { Clock } from '../../runtime/index.js';
import { newResumeToken, newUserId } from './identity.js';
import type { PokerRepository } from './repository.js';
import type { TableRegistry } from './table-registry.js';

/**
 * `/poker/ws`: each socket gets an ephemeral userId and a resume token (`SESSION`), or
 * with `?resume=TOKEN` the userId it had, and is re-attached to its tables. Commands go
 * to `poker/<tableId>`; a command without `tableId` goes to the one table the socket is at.
 */
export function createPokerSocketRoute(deps: { bus: Bus; repo: PokerRepository; registry: TableRegistry; config: PokerConfig; clock: Clock }): SocketRoute<PokerCommand> {
  const { repo, registry, config, clock } = deps;
  const ttlMs = config.resumeTtlSec * 1000;
  let lastPurge = 0;
  return {
    path: '/poker/ws',
    codec: pokerCodec,
    authenticate({ query }) {
      const resume = query.get('resume');
      if (resume !== null) {
        const userId = resume.length <= 128 ? repo.resumeSession(resume, clock.now(), ttlMs) : undefined;
        if (!userId) throw new HttpError(401, 'INVALID_RESUME_TOKEN', 'unknown or expired resume token');
        return { member: userId, claims: { resumeToken: resume, resumed: true } };
      }
      const now = clock.now();
      // Expired tokens are swept at most once a minute, on the path that creates them.
      if (now - lastPurge > 60_000) {
        lastPurge = now;
        repo.purgeExpired(now, ttlMs);
      }
      const userId = newUserId();
      const token = newResumeToken();
      repo.createSession(token, userId, now);
      return { member: userId, claims: { resumeToken: token, resumed: false } };
    },
    open(conn) {
      const { member, claims } = conn.identity;
      conn.send({ type: 'SESSION', userId: member!, resumeToken: String(claims?.resumeToken) });
      if (claims?.resumed) {
        for (const tableId of repo.tablesOf(member!)) {
          conn.dispatch(`poker/${tableId}`, { type: '$resume' });
        }
      }
    },
    message(msg, conn) {
      const tableId = msg.tableId ?? boundTable(conn);
      if (tableId === undefined) {
        conn.sendError(PokerErrorCode.NOT_SEATED, 'tableId: you are not at a table; SIT or WATCH with a tableId first', msg);
        return;
      }
      if (tableId === null) {
        conn.sendError(PokerErrorCode.VALIDATION_ERROR, 'tableId: required when you are at several tables', msg);
        return;
      }
      if (!registry.has(tableId)) {
        conn.sendError(PokerErrorCode.TABLE_NOT_FOUND, `no table ${tableId}`, msg);
        return;
      }
      if (msg.type === 'SIT' || msg.type === 'WATCH') repo.noteTable(conn.identity.member!, tableId);
      return { address: `poker/${tableId}`, event: msg };
    },
  };
}

/** The table this socket is bound to: its id, undefined for none, null for several. */
function boundTable(conn: Connection): string | undefined | null {
  const tables = [...conn.bindings.keys()].filter((a) => a.startsWith('poker/'));
  if (tables.length === 0) return undefined;
  if (tables.length > 1) return null;
  return tables[0].slice('poker/'.length);
}
