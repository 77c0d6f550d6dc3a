import { randomUUID } from 'node:crypto';
import type { BusEvent } from '../../bus/index.js';
import { bearerToken, decodeBody, HttpError, readPageQuery, type HttpRequest, type HttpRoute } from '../../gateway/index.js';
import { createCreationGuard } from '../creation-guard.js';
import { AddMemberBody, CreateChannelBody, MessageBody, type ChannelInfo, type ChatMessage } from '../../protocol/channel.js';
import type { ChannelRepository } from '../../store/index.js';
import type { ChannelDeps } from './index.js';
import type { PresenceScope } from './presence-scope.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS_OF_CODE: Record<string, number> = { NOT_FOUND: 404, PERMISSION_DENIED: 403, VALIDATION_ERROR: 400 };

/** REST for seed 003: channels, members and message history. Every call needs `Authorization: Bearer <jwt>`. */
export function channelRoutes(deps: ChannelDeps, repo: ChannelRepository, scope: PresenceScope): HttpRoute[] {
  const { bus, auth, config, clock } = deps;
  const messageBody = MessageBody(config.channel.messageMaxChars);
  const creations = createCreationGuard(deps, { what: 'channels' });
  const pages = { defaultLimit: config.listPageDefault, maxLimit: config.listPageMax };

  const userOf = (request: HttpRequest) => auth.verify(bearerToken(request.headers)).member!;

  const channelId = (request: HttpRequest) => {
    const id = request.params.id;
    if (!UUID.test(id)) throw new HttpError(404, 'NOT_FOUND', 'channel not found');
    return id.toLowerCase();
  };

  /** Ask the channel actor; its error events become HTTP errors. */
  async function ask(id: string, user: string, event: BusEvent): Promise<BusEvent> {
    const reply = await bus.request(`channel/${id}`, event, { from: { member: user }, timeoutMs: config.requestTimeoutMs });
    if (reply.type === 'error' || reply.type === '$error') {
      const code = String(reply.code);
      throw new HttpError(STATUS_OF_CODE[code] ?? 500, code, String(reply.message));
    }
    return reply;
  }

  async function existingMessage(id: string, request: HttpRequest): Promise<ChatMessage> {
    const message = await repo.getMessage(id, request.params.message_id);
    if (!message) throw new HttpError(404, 'NOT_FOUND', 'message not found');
    return message;
  }

  return [
    {
      method: 'post',
      path: '/api/channels',
      async handler(request) {
        const user = userOf(request);
        const body = decodeBody(CreateChannelBody, request.body);
        creations.check(user);
        const channel: ChannelInfo = {
          id: randomUUID(),
          name: body.name,
          is_private: body.is_private ?? false,
          owner_id: user,
          created_at: new Date(clock.now()).toISOString(),
        };
        await ask(channel.id, user, { type: '$create', channel, members: body.members ?? [] });
        const members = [...new Set([user, ...(body.members ?? [])])];
        scope.addMates(members);
        return { status: 201, body: { ...channel, members } };
      },
    },
    {
      method: 'get',
      path: '/api/channels',
      async handler(request) {
        const user = userOf(request);
        return { status: 200, body: await repo.visibleChannelsPage(user, readPageQuery(request.query, pages)) };
      },
    },
    {
      method: 'get',
      path: '/api/channels/:id',
      async handler(request) {
        const user = userOf(request);
        const reply = await ask(channelId(request), user, { type: '$get' });
        return { status: 200, body: { ...(reply.channel as ChannelInfo), members: reply.members, is_member: reply.is_member } };
      },
    },
    {
      method: 'post',
      path: '/api/channels/:id/members',
      async handler(request) {
        const user = userOf(request);
        const { user_id } = decodeBody(AddMemberBody, request.body);
        const id = channelId(request);
        await ask(id, user, { type: '$add_member', user_id });
        const described = await ask(id, user, { type: '$get' });
        scope.addMates(described.members as string[], [user_id]);
        return { status: 200, body: { channel_id: id, user_id } };
      },
    },
    {
      method: 'get',
      path: '/api/channels/:id/messages',
      async handler(request) {
        const user = userOf(request);
        const id = channelId(request);
        const rawLimit = request.query.get('limit');
        const limit = rawLimit === null ? 50 : Number(rawLimit);
        if (!Number.isInteger(limit) || limit < 1 || limit > config.channel.historyPageMax) {
          throw new HttpError(400, 'VALIDATION_ERROR', `limit: expected an integer in 1..${config.channel.historyPageMax}`);
        }
        const before = request.query.get('before') ?? undefined;
        if (before !== undefined && !UUID.test(before)) throw new HttpError(400, 'VALIDATION_ERROR', 'before: expected a message id');
        await ask(id, user, { type: '$get' });
        return { status: 200, body: await repo.page(id, { before, limit }) };
      },
    },
    {
      method: 'post',
      path: '/api/channels/:id/messages',
      async handler(request) {
        const user = userOf(request);
        const id = channelId(request);
        const { content } = decodeBody(messageBody, request.body);
        const message: ChatMessage = {
          id: randomUUID(),
          channel_id: id,
          author_id: user,
          content,
          created_at: new Date(clock.now()).toISOString(),
          edited_at: null,
        };
        await ask(id, user, { type: '$post_message', message });
        return { status: 201, body: message };
      },
    },
    {
      method: 'patch',
      path: '/api/channels/:id/messages/:message_id',
      async handler(request) {
        const user = userOf(request);
        const id = channelId(request);
        const { content } = decodeBody(messageBody, request.body);
        const message = { ...(await existingMessage(id, request)), content, edited_at: new Date(clock.now()).toISOString() };
        await ask(id, user, { type: '$edit_message', message });
        return { status: 200, body: message };
      },
    },
    {
      method: 'delete',
      path: '/api/channels/:id/messages/:message_id',
      async handler(request) {
        const user = userOf(request);
        const id = channelId(request);
        const message = await existingMessage(id, request);
        await ask(id, user, { type: '$delete_message', message_id: message.id, author_id: message.author_id });
        return { status: 204 };
      },
    },
  ];
}
