import { out } from '../../src/contract/index.js';
import { channelSetup } from './channel-setup.js';
import { requestId } from './channel-state.js';

/**
 * The channel's refusals: an `error` to the sender (with the request's `id`), and nothing
 * else changes.
 */

const refuse = (code: 'NOT_FOUND' | 'PERMISSION_DENIED', message: string, echoId = true) =>
  channelSetup.emit(({ event }) => out('sender', { ...(echoId ? requestId(event) : {}), type: 'error', code, message }));

export const refusalActions = {
  notFound: refuse('NOT_FOUND', 'channel not found'),
  denyNotVisible: refuse('PERMISSION_DENIED', 'this channel is private'),
  denyNotMember: refuse('PERMISSION_DENIED', 'only members of this channel may do that'),
  denyNotInVoice: refuse('PERMISSION_DENIED', 'join the voice channel from this connection first'),
  targetNotInVoice: refuse('NOT_FOUND', 'target_user_id is not in this voice channel'),
  // REST-only refusals: REST requests carry no client `id`.
  denyNotOwner: refuse('PERMISSION_DENIED', 'only the channel owner may add other members', false),
  denyNotAuthor: refuse('PERMISSION_DENIED', 'only the author (or, to delete, the channel owner) may do that', false),
};
