import { definePrivateFields } from '../../src/contract/index.js';

/**
 * What `/charts` must never show of a user's assistant conversation: what they asked and
 * what the assistant answered (the history, the turn being streamed, every relayed
 * chunk and tool call). REST hides another user's conversation as a missing one.
 */
export const conversationPrivateFields = definePrivateFields({
  fields: ['history', 'turn', 'pending', 'text', 'message', 'content', 'data', 'chunk', 'tool_parameters'],
  events: ['ai_chat_message', 'ai_delta', 'ai_tool', 'ai_status', 'ai_done', 'ai_failed', 'ai_chat_response_chunk', 'ai_chat_response_complete', 'ai_tool_execution', 'ai_thinking', '$ai_run', '$ai_persist'],
});

/**
 * A library sync: the platform account it reads (a Steam id is personal data) and the
 * credentials a platform may carry.
 */
export const syncPrivateFields = definePrivateFields({
  fields: ['account', 'apiKey', 'token'],
});

/** System events are public announcements (maintenance, adapter health): nothing to hide. */
export const systemPrivateFields = definePrivateFields({ fields: [] });
