import { presenceTopic } from '../../../machines/channel/presence-machine.js';
import type { Bus, Unsubscribe } from '../../bus/index.js';
import type { Connection } from '../../gateway/index.js';

/** The bus topic that tells this process's sockets of `userId` about new channel mates. */
const matesTopic = (userId: string) => `channel-mates/${userId}`;

interface LocalUser {
  /** Members of a channel the user is a member of (not the user). */
  mates: Set<string>;
  sockets: Set<Connection>;
  loaded: boolean;
  unsubscribe: Unsubscribe;
}

/**
 * Who hears whose presence (seed 003: "broadcast to all relevant clients"): a socket hears
 * its own user's presence and that of everyone who shares a channel membership with its
 * user. Each user's presence has its own topic, so an update is published once and reaches
 * each listening socket once, however many channels they share; connecting costs one
 * subscription per mate, not one frame per socket on the server.
 *
 * Mates are read from the channel index once per user with sockets on this process, and kept
 * up to date by `addMates` (a channel created with members, a member added), which reaches
 * every process over the bus.
 */
export function createPresenceScope(deps: { bus: Bus; channelMates(userId: string): Promise<string[]>; onError(error: unknown): void }) {
  const { bus } = deps;
  const users = new Map<string, LocalUser>();

  function hear(conn: Connection, mates: Iterable<string>) {
    for (const mate of mates) conn.subscribe(presenceTopic(mate));
  }

  function learn(user: LocalUser, mates: Iterable<string>) {
    const fresh: string[] = [];
    for (const mate of mates) {
      if (user.mates.has(mate)) continue;
      user.mates.add(mate);
      fresh.push(mate);
    }
    if (user.loaded) for (const conn of user.sockets) hear(conn, fresh);
  }

  return {
    /** A socket of `userId` opened: it hears its user, then the user's mates once they are known. */
    open(conn: Connection, userId: string) {
      conn.subscribe(presenceTopic(userId));
      const user = users.get(userId);
      if (user) {
        user.sockets.add(conn);
        if (user.loaded) hear(conn, user.mates);
        return;
      }
      const created: LocalUser = {
        mates: new Set(),
        sockets: new Set([conn]),
        loaded: false,
        unsubscribe: bus.subscribe(matesTopic(userId), (event) => learn(created, event.users as string[])),
      };
      users.set(userId, created);
      deps.channelMates(userId).then(
        (mates) => {
          for (const mate of mates) created.mates.add(mate);
          created.loaded = true;
          for (const socket of created.sockets) hear(socket, created.mates);
        },
        (error) => {
          created.loaded = true;
          deps.onError(error);
        },
      );
    },
    /** A socket closed; the gateway already dropped its subscriptions. */
    close(conn: Connection, userId: string) {
      const user = users.get(userId);
      if (!user || !user.sockets.delete(conn) || user.sockets.size > 0) return;
      user.unsubscribe();
      users.delete(userId);
    },
    /** `members` now share a channel: each hears the others from now on, on every process. */
    addMates(members: readonly string[], joined: readonly string[] = members) {
      const everyone = [...new Set(members)];
      const newcomers = new Set(joined);
      for (const member of everyone) {
        const mates = newcomers.has(member) ? everyone.filter((m) => m !== member) : [...newcomers].filter((m) => m !== member);
        if (mates.length > 0) bus.publish(matesTopic(member), { type: '$mates', users: mates });
      }
    },
  };
}

export type PresenceScope = ReturnType<typeof createPresenceScope>;
