import { definePrivateFields } from '../../src/contract/index.js';

/**
 * What `/charts` must never show of a mafia game: who is what (roles, alignments, when
 * someone turned AI, private intel and KPIs), what happens at night (the actions, the
 * patch and conversion bookkeeping, the next day's modifiers they leave), the chat (it
 * holds the AI faction's channel), the deal's seed and every credential. The night
 * action, chat and exit-interview commands are hidden whole: their payloads are the
 * secret (a target, a confidential feedback, an AI line).
 */
export const mafiaPrivateFields = definePrivateFields({
  fields: [
    'role',
    'alignment',
    'aiSince',
    'intel',
    'kpi',
    'nightActions',
    'lastPatchTarget',
    'lastConversionNight',
    'nextDay',
    'chat',
    'rng',
    'seed',
    'tokenHash',
    'session_token',
    'token_hash',
    'your_role',
    'new_alignment',
  ],
  events: ['SUBMIT_NIGHT_ACTION', 'POST_CHAT_MESSAGE', 'SUBMIT_EXIT_INTERVIEW', 'CHAT_MESSAGE', 'PRIVATE_NOTIFICATION', 'ROLE_ASSIGNED'],
});
