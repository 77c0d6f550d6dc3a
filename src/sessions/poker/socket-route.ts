import { HttpError, type Connection, type Dispatch, type SocketRoute } from '../../gateway/index.js';
import { PokerErrorCode, pokerCodec, type PokerCommand } from '../../protocol/poker.js';
import type { Logger } from '../../runtime/index.js';
import type { PokerRepository } from '../../store/index.js';
import type { PokerIdentities } from './identity.js';
import type { TableRegistry } from './table-registry.js';

/** Messages a resumed socket sent before it was re-attached to its tables, in arrival order. */
type Waiting = (() => void)[];
const WAITING = 'pokerWaiting';
/** The tables a resumed socket was re-attached to, until the tables' `$bind`s arrive (they come after the tables' journal commit). */
const RESUMED = 'pokerResumed';

/**
 * `/poker/ws`: each socket gets an ephemeral userId and a resume token (`SESSION`), or
 * with `?resume=TOKEN` the userId it had, and is re-attached to its tables. Commands go
 * to `poker/<tableId>`; a command without `tableId` goes to the one table the socket is at.
 * The upgrade answers from memory (`identities`); the store is read only after the socket
 * opened, and a resumed socket's commands wait until its tables heard `$resume`.
 */
export function createPokerSocketRoute(deps: {
  /** In call order (`inCallOrder`), so a resume sees the tables noted before it. */
  repo: PokerRepository;
  identities: PokerIdentities;
  registry: TableRegistry;
  logger: Logger;
  /** Told the address of each actor another node took over and restored (`ACTOR_MOVED_TOPIC`). */
  onMoved(listener: (address: string) => void): void;
}): SocketRoute<PokerCommand> {
  const { repo, identities, registry, logger } = deps;
  /** The socket each userId is on here: resuming on a second socket closes the first (as pong does). */
  const current = new Map<string, Connection>();
  // A table another node took over comes back from the store with every seat away: this node's sockets at it are
  // still open and subscribed, so each is re-attached, as a resume would.
  deps.onMoved((address) => {
    if (!address.startsWith('poker/')) return;
    for (const conn of current.values()) if (!conn.closed && conn.bindings.has(address)) conn.dispatch(address, { type: '$resume' });
  });

  function dispatch(msg: PokerCommand, conn: Connection): Dispatch {
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
    if (msg.type === 'SIT' || msg.type === 'WATCH') {
      const member = conn.identity.member!;
      void repo.noteTable(member, tableId).catch((error) => logger.error({ err: error }, 'poker: could not note a table'));
    }
    return { address: `poker/${tableId}`, event: msg };
  }

  function reattach(conn: Connection) {
    const member = conn.identity.member!;
    const waiting: Waiting = [];
    conn.data[WAITING] = waiting;
    const release = () => {
      delete conn.data[WAITING];
      // In arrival order, before any later frame: each resolves a dispatch the gateway delivers in turn.
      for (const deliver of waiting) deliver();
    };
    repo
      .tablesOf(member)
      .then(
        (tables) => {
          for (const tableId of tables) {
            conn.dispatch(`poker/${tableId}`, { type: '$resume' });
          }
          conn.data[RESUMED] = tables;
        },
        (error) => {
          logger.error({ err: error }, 'poker: could not look up the tables of a resumed player');
          conn.sendError(PokerErrorCode.SERVER_ERROR, 'your tables could not be restored; SIT or WATCH again');
        },
      )
      .finally(release);
  }

  return {
    path: '/poker/ws',
    codec: pokerCodec,
    authenticate({ query }) {
      const resume = query.get('resume');
      if (resume !== null) {
        const userId = resume.length <= 128 ? identities.resume(resume) : undefined;
        if (!userId) throw new HttpError(401, 'INVALID_RESUME_TOKEN', 'unknown or expired resume token');
        return { member: userId, claims: { resumeToken: resume, resumed: true } };
      }
      const { userId, resumeToken } = identities.mint();
      return { member: userId, claims: { resumeToken, resumed: false } };
    },
    open(conn) {
      const { member, claims } = conn.identity;
      const resumeToken = String(claims?.resumeToken);
      const previous = current.get(member!);
      current.set(member!, conn);
      if (previous && !previous.closed) previous.close(4000, 'session resumed elsewhere');
      if (claims?.resumed) {
        conn.send({ type: 'SESSION', userId: member!, resumeToken });
        return reattach(conn);
      }
      // A new token is announced once it is stored: a crash right after must not forget it.
      identities.stored(resumeToken).then(
        () => conn.send({ type: 'SESSION', userId: member!, resumeToken }),
        () => {
          conn.sendError(PokerErrorCode.SERVER_ERROR, 'your session could not be stored; reconnect');
          conn.close(1011, 'session not stored');
        },
      );
    },
    close(conn) {
      if (current.get(conn.identity.member!) === conn) current.delete(conn.identity.member!);
    },
    message(msg, conn) {
      const waiting = conn.data[WAITING] as Waiting | undefined;
      if (!waiting) return dispatch(msg, conn);
      return new Promise<Dispatch>((resolve, reject) =>
        waiting.push(() => {
          try {
            resolve(dispatch(msg, conn));
          } catch (error) {
            reject(error);
          }
        }),
      );
    },
  };
}

/** The table this socket is bound to (or being re-attached to): its id, undefined for none, null for several. */
function boundTable(conn: Connection): string | undefined | null {
  const bound = [...conn.bindings.keys()].filter((a) => a.startsWith('poker/'));
  if (bound.length > 0) delete conn.data[RESUMED];
  const tables = bound.length > 0 ? bound : ((conn.data[RESUMED] as string[] | undefined) ?? []).map((id) => `poker/${id}`);
  if (tables.length === 0) return undefined;
  if (tables.length > 1) return null;
  return tables[0].slice('poker/'.length);
}
