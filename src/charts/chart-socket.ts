import type { AnyMachineSnapshot } from 'xstate';
import type { Unsubscribe } from '../bus/index.js';
import type { Connection, SocketRoute } from '../gateway/index.js';
import { chartsCodec, ChartsErrorCode, type ChartsClientMessage } from '../protocol/charts.js';
import type { ActorHost } from '../runtime/index.js';
import type { ActorViews } from './actor-views.js';
import type { ChartsAccess } from './charts-access.js';
import type { FeedEntry, LiveFeed } from './live-feed.js';

interface Watch {
  address: string;
  unwatch: Unsubscribe;
  pending: FeedEntry[];
  timer?: NodeJS.Timeout;
  lastPushAt: number;
  /** The snapshot last sent: a different one means the actor moved (also by a timer) or came and went. */
  lastSnapshot: AnyMachineSnapshot | undefined;
}

export interface ChartSocketOptions {
  host: Pick<ActorHost, 'snapshotOf'>;
  feed: LiveFeed;
  views: ActorViews;
  /** Who may watch (checked at upgrade: 401/403 beyond loopback without an admin credential). */
  access: ChartsAccess;
  /** Shortest gap between two updates to one watcher. */
  pushIntervalMs: number;
  /** Most entries sent in one update (the rest were already superseded). */
  maxEntries: number;
  /** How often watched actors are checked for changes the feed does not see (timer transitions, passivation). */
  pollEveryMs?: number;
}

/**
 * `/charts/ws`: a client watches one actor and receives a `snapshot` (state, masked
 * context, last events), then `update`s with the new state and the events since the
 * last one, at most one per `pushIntervalMs` (a 60 Hz actor is coalesced, not streamed
 * frame by frame). Nothing a client sends reaches an actor.
 */
export function createChartSocket(options: ChartSocketOptions) {
  const { host, feed, views, pushIntervalMs, maxEntries } = options;
  const watches = new Map<Connection, Watch>();

  const flush = (conn: Connection, watch: Watch) => {
    watch.timer = undefined;
    watch.lastPushAt = Date.now();
    const snapshot = host.snapshotOf(watch.address);
    watch.lastSnapshot = snapshot;
    const events = views.entries(watch.address, watch.pending.splice(0).slice(-maxEntries));
    conn.send({ type: 'update', address: watch.address, live: snapshot !== undefined, actor: views.stateOf(watch.address, snapshot) ?? null, events });
  };

  const schedule = (conn: Connection, watch: Watch) => {
    if (watch.timer) return;
    const wait = Math.max(0, watch.lastPushAt + pushIntervalMs - Date.now());
    watch.timer = setTimeout(() => flush(conn, watch), wait);
  };

  const stop = (conn: Connection) => {
    const watch = watches.get(conn);
    if (!watch) return;
    watches.delete(conn);
    watch.unwatch();
    if (watch.timer) clearTimeout(watch.timer);
  };

  const poll = setInterval(() => {
    for (const [conn, watch] of watches) if (host.snapshotOf(watch.address) !== watch.lastSnapshot) schedule(conn, watch);
  }, options.pollEveryMs ?? 500);
  poll.unref();

  const route: SocketRoute<ChartsClientMessage> = {
    path: '/charts/ws',
    codec: chartsCodec,
    authenticate(request) {
      options.access.check(request);
      return {};
    },
    message(message, conn) {
      stop(conn);
      if (message.type === 'unwatch') return void conn.send({ type: 'unwatched' });
      const { address } = message;
      const kind = views.kindOf(address);
      if (!kind || !views.knows(kind)) {
        return void conn.sendError(ChartsErrorCode.NOT_FOUND, `no actor kind "${kind.slice(0, 64)}": addresses look like <kind>/<id>`);
      }
      const snapshot = host.snapshotOf(address);
      const watch: Watch = { address, pending: [], lastPushAt: Date.now(), lastSnapshot: snapshot, unwatch: () => {} };
      watch.unwatch = feed.watch(address, (entry) => {
        watch.pending.push(entry);
        schedule(conn, watch);
      });
      watches.set(conn, watch);
      const summary = views.summaryOf(address);
      conn.send({
        type: 'snapshot',
        address,
        live: snapshot !== undefined,
        actor: snapshot && summary ? { ...summary, ...views.stateOf(address, snapshot) } : null,
        events: views.entries(address, feed.history(address).slice(-maxEntries)),
      });
    },
    close: stop,
  };

  return {
    route,
    close() {
      clearInterval(poll);
      for (const conn of [...watches.keys()]) stop(conn);
    },
  };
}
