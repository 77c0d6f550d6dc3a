/** Settings of the text + voice channel (seed 003). */
import { defineConfigSection } from './config-section.js';
import type { Env } from './env.js';
import { intSetting } from './setting.js';

export const channelConfig = defineConfigSection({
  key: 'channel',
  title: 'Text + voice channel (seed 003)',
  settings: {
    typingTtlMs: intSetting('TYPING_TTL_MS', 8_000, 'channel typing indicator lifetime'),
    presenceIdleAfterMs: intSetting('PRESENCE_IDLE_AFTER_MS', 300_000, 'quiet time before a user shows as idle'),
    messageMaxChars: intSetting('MESSAGE_MAX_CHARS', 4_000, 'longest channel message'),
    historyPageMax: intSetting('HISTORY_PAGE_MAX', 100, 'largest message history page'),
    voiceSdpMaxChars: intSetting('VOICE_SDP_MAX_CHARS', 16_384, 'longest SDP in `voice_offer` / `voice_answer` (longer → `VALIDATION_ERROR`)'),
    voiceIceMaxChars: intSetting('VOICE_ICE_MAX_CHARS', 2_048, 'longest `voice_ice` candidate, as a string or as each string field of an `RTCIceCandidateInit` (longer → `VALIDATION_ERROR`)'),
  },
  derive: (v) => v,
});

export const loadChannelConfig = (env: Env) => channelConfig.load(env);

export type ChannelConfig = ReturnType<typeof loadChannelConfig>;
