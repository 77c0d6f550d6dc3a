import { strSetting } from './setting.js';

/**
 * The OpenAI-compatible endpoint, shared by the library assistant
 * (`LIBRARY_AI_PROVIDER=openai`) and the pong opponent (`OPPONENT_PROVIDER=openai`):
 * one set of variables, declared once, read by both sections.
 */
export const openaiSettings = {
  openaiBaseUrl: strSetting('OPENAI_BASE_URL', 'https://api.openai.com/v1', 'OpenAI-compatible endpoint (library assistant, pong opponent)'),
  openaiApiKey: strSetting('OPENAI_API_KEY', '', 'its API key'),
  openaiModel: strSetting('OPENAI_MODEL', 'gpt-4o-mini', 'its model'),
};
