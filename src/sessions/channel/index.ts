import { channelMachine, type ChannelContext } from '../../../machines/channel/channel-machine.js';
import { presenceMachine } from '../../../machines/channel/presence-machine.js';
import { channelConfig, type ChannelConfig } from '../../config/channel.js';
import type { ConfigWith } from '../../config/index.js';
import type { Connection, SocketRoute } from '../../gateway/index.js';
import { createChannelCodec, channelWire, type ChannelClientMessage } from '../../protocol/channel.js';
import { defineActorKind } from '../../runtime/index.js';
import { defineSession, type LiveSession, type SessionDeps } from '../define-session.js';
import { createPresenceScope } from './presence-scope.js';
import { channelRoutes } from './rest.js';
import { channelPrivateFields, presencePrivateFields } from '../../../machines/channel/private-fields.js';

/**
 * Channel actors used to be snapshotted and journaled beside their rows. Those records are
 * dropped at start: the rows hold everything they held (each row write was issued before the
 * commit of its actor's change), and a snapshot left behind would be restored in place of the
 * rows, without the members added since.
 */
async function dropLegacySnapshots(store: ChannelDeps['store'], ids: string[]) {
  for (const id of ids) {
    const address = `channel/${id}`;
    // A journal is only ever appended after its address's first snapshot: no snapshot, nothing to drop.
    if (!(await store.getSnapshot(address))) continue;
    const entries = await store.readJournal(address);
    if (entries.length > 0) await store.truncateJournal(address, entries[entries.length - 1].seq);
    await store.deleteSnapshot(address);
  }
}

interface Activity {
  lastActiveAt: number;
  idle: boolean;
}

/** What the channel session is given: the server's deps, its settings under `config.channel`. */
export type ChannelDeps = SessionDeps<ConfigWith<'channel', ChannelConfig>>;

/**
 * Seed 003: text + voice channels. One actor per channel (`channel/<uuid>`), one per
 * user's presence (`presence/<user>`), REST for channels and messages, `/voice/ws?token=JWT`.
 */
export const channelSession = defineSession({
  name: 'channel',
  config: channelConfig,
  machines: () => ({ channel: channelMachine, presence: presenceMachine }),
  privateFields: { channel: channelPrivateFields, presence: presencePrivateFields },
  wire: [channelWire],
  repositories: ['channels'],
  create: createChannel,
});

/** The live parts: the store's channel tables, presence tracking, the socket and REST routes. */
async function createChannel(deps: ChannelDeps): Promise<LiveSession> {
  const { bus, auth, logger, clock } = deps;
  const config = deps.config.channel;
  // The store runs a repository's calls in call order: a history page read over REST includes what the actors persisted before.
  const repo = deps.store.channels;
  const logFailure = (what: string) => (error: unknown) => logger.error({ err: error }, `channel: ${what} failed`);
  await dropLegacySnapshots(deps.store, await repo.channelIds());

  const machine = channelMachine.provide({
    actions: {
      persistChannel: (_, { channel, members }) => void repo.saveChannel(channel, members).catch(logFailure('saving a channel')),
      persistMember: (_, { channelId, userId }) => void repo.addMember(channelId, userId).catch(logFailure('adding a member')),
      persistMessage: (_, { message }) => void repo.insertMessage(message).catch(logFailure('saving a message')),
      persistMessageEdit: (_, { message }) => void repo.updateMessage(message).catch(logFailure('editing a message')),
      persistMessageDelete: (_, { channelId, messageId }) =>
        void repo.deleteMessage(channelId, messageId).catch(logFailure('deleting a message')),
    },
  });

  const presenceOf = (conn: Connection) => `presence/${conn.identity.member}`;
  const tellPresence = (conn: Connection, type: '$connect' | '$disconnect' | '$idle' | '$active', idle?: boolean) =>
    bus.send(presenceOf(conn), { event: idle === undefined ? { type } : { type, idle }, from: { conn: conn.id, member: conn.identity.member } });
  const scope = createPresenceScope({
    bus,
    channelMates: (user) => repo.channelMates(user),
    onError: logFailure('listing channel mates for presence'),
  });

  // Sockets go idle for presence after a quiet spell; any frame makes them active again.
  const activity = new Map<Connection, Activity>();
  let idleSweep: NodeJS.Timeout | undefined;

  const socket: SocketRoute<ChannelClientMessage> = {
    path: '/voice/ws',
    codec: createChannelCodec(config),
    authenticate: ({ query }) => auth.verify(query.get('token')),
    open(conn) {
      const user = conn.identity.member!;
      activity.set(conn, { lastActiveAt: clock.now(), idle: false });
      scope.open(conn, user);
      tellPresence(conn, '$connect');
      const name = typeof conn.identity.claims?.name === 'string' ? conn.identity.claims.name : null;
      repo.visibleChannels(user).then(
        (channels) => conn.send({ type: 'ready', user: { id: user, name }, channels }),
        (error) => {
          logFailure('listing channels for ready')(error);
          conn.sendError('SERVER_ERROR', 'could not load your channels; reconnect');
        },
      );
    },
    message(message, conn) {
      const seen = activity.get(conn);
      if (seen) {
        seen.lastActiveAt = clock.now();
        if (seen.idle) {
          seen.idle = false;
          tellPresence(conn, '$active');
        }
      }
      if (message.type === 'ping') return void conn.send(message.id === undefined ? { type: 'pong' } : { id: message.id, type: 'pong' });
      return { address: `channel/${message.channel_id.toLowerCase()}`, event: message };
    },
    close(conn) {
      const idle = activity.get(conn)?.idle ?? false;
      activity.delete(conn);
      scope.close(conn, conn.identity.member!);
      tellPresence(conn, '$disconnect', idle);
    },
    expired(conn) {
      conn.sendError('PERMISSION_DENIED', 'your token expired; reconnect with a new one');
      conn.close(1008, 'token expired');
    },
  };

  return {
    actors: [
      defineActorKind({
        kind: 'channel',
        machine,
        // The rows are the channel's one durable record (who may see and post; history): every
        // activation builds the actor from them, and the actor itself is never stored. What else
        // it holds (subscribed sockets, the voice call, typing) dies with the process anyway.
        // A second record (a snapshot) would let a crash between the two leave them disagreeing:
        // a listed channel whose actor answers 404, a member the actor does not know.
        input: async (id) => {
          const stored = await repo.channel(id);
          return { channelId: id, typingTtlMs: config.typingTtlMs, stored: stored && { info: stored.channel, members: stored.members } };
        },
        shouldPersist: () => false,
        canPassivate: (snapshot) => {
          const context = snapshot.context as ChannelContext;
          return Object.keys(context.subscribers).length === 0 && Object.keys(context.voice).length === 0;
        },
        members: (snapshot) => Object.keys((snapshot.context as ChannelContext).members).length,
      }),
      defineActorKind({
        kind: 'presence',
        machine: presenceMachine,
        input: (id) => ({ userId: id }),
        shouldPersist: () => false,
        canPassivate: (snapshot) => snapshot.value === 'offline',
      }),
    ],
    sockets: [socket],
    http: channelRoutes(deps, repo, scope),
    start() {
      const every = Math.max(1000, Math.min(10_000, Math.floor(config.presenceIdleAfterMs / 4)));
      idleSweep = setInterval(() => {
        const now = clock.now();
        for (const [conn, seen] of activity) {
          if (!seen.idle && now - seen.lastActiveAt >= config.presenceIdleAfterMs) {
            seen.idle = true;
            tellPresence(conn, '$idle');
          }
        }
      }, every);
      idleSweep.unref();
    },
    async stop() {
      if (idleSweep) clearInterval(idleSweep);
    },
  };
}
