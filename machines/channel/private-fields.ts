import { definePrivateFields } from '../../src/contract/index.js';

/**
 * What `/charts` must never show of a channel: its messages' text (a private channel's
 * are for its members only) and the voice call's signalling, whose SDP and ICE
 * candidates carry the participants' network addresses.
 */
export const channelPrivateFields = definePrivateFields({
  fields: ['content', 'sdp', 'candidate'],
  events: ['$post_message', '$edit_message', 'voice_offer', 'voice_answer', 'voice_ice'],
});

/** Presence is a user's sockets and whether they are active: nothing beyond ids. */
export const presencePrivateFields = definePrivateFields({ fields: [] });
