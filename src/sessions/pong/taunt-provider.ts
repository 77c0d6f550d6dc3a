/**
 * Taunt providers for `/opponent/ws`. The default is local and offline (the same
 * generator matches use); an OpenAI-compatible chat-completions provider is enabled with
 * OPPONENT_PROVIDER=openai (+ OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL).
 */
import { composeTaunt, TAUNT_TRIGGERS, type TauntTrigger } from '../../../machines/pong/taunts.js';
import { seedFrom } from '../../../machines/pong/prng.js';
import type { PlayerMetrics } from '../../../machines/pong/player-metrics.js';
import type { PongConfig } from '../../config/pong.js';

export interface TauntRequest {
  eventId: string;
  /** The game event (`player_score`, ...). */
  event: string;
  score: { player: number; ai: number };
  metrics: PlayerMetrics;
  difficulty: number;
  context?: Record<string, unknown>;
}

export interface TauntProvider {
  /** Reported in `meta.provider`. */
  readonly name: string;
  /** Resolve with the taunt text; reject on failure. MUST stop when `signal` aborts. */
  taunt(request: TauntRequest, signal: AbortSignal): Promise<string>;
}

/** A provider failure the client is told about with `code`. */
export class ProviderError extends Error {
  constructor(
    readonly code: 'OPENAI_ERROR' | 'RATE_LIMIT',
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

const isTrigger = (event: string): event is TauntTrigger => (TAUNT_TRIGGERS as readonly string[]).includes(event);

/** Map any game event onto the closest taunt trigger. */
export function triggerFor(event: string, score: { player: number; ai: number }): TauntTrigger {
  if (isTrigger(event)) return event;
  if (/miss/.test(event)) return 'player_miss';
  if (/rally/.test(event)) return 'long_rally';
  return score.player > score.ai ? 'player_score' : 'ai_score';
}

/** The offline generator, seeded by the event id so one event always gets the same taunt. */
export function createLocalProvider(): TauntProvider {
  return {
    name: 'local',
    async taunt(request) {
      const trigger = triggerFor(request.event, request.score);
      const proximity = request.context?.proximity;
      const detail = typeof proximity === 'number' ? proximity * 100 : request.score.player + request.score.ai;
      return composeTaunt(trigger, { score: request.score, metrics: request.metrics, detail }, seedFrom(request.eventId)).text;
    },
  };
}

/** An OpenAI-compatible `POST {base}/chat/completions` provider. */
export function createOpenAiProvider({ baseUrl, apiKey, model }: { baseUrl: string; apiKey: string; model: string }): TauntProvider {
  const url = `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
  return {
    name: 'openai',
    async taunt(request, signal) {
      const m = request.metrics;
      const body = {
        model,
        max_tokens: 40,
        temperature: 0.9,
        messages: [
          {
            role: 'system',
            content: 'You are a cocky but good-natured Pong opponent. Reply with ONE short taunt (max 12 words), no quotes, no emoji.',
          },
          {
            role: 'user',
            content:
              `Event: ${request.event}. Score: player ${request.score.player}, AI ${request.score.ai}. ` +
              `Player stress ${m.stress}, frustration ${m.frustration}, focus ${m.focus}, alertness ${m.alertness}. ` +
              `AI difficulty now ${request.difficulty}.`,
          },
        ],
      };
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
          body: JSON.stringify(body),
          signal,
        });
      } catch (error) {
        throw new ProviderError('OPENAI_ERROR', signal.aborted ? 'the language model timed out' : `the language model is unreachable (${(error as Error).message})`);
      }
      if (res.status === 429) throw new ProviderError('RATE_LIMIT', 'the language model is rate-limiting us');
      if (!res.ok) throw new ProviderError('OPENAI_ERROR', `the language model answered HTTP ${res.status}`);
      const json = (await res.json().catch(() => undefined)) as { choices?: { message?: { content?: unknown } }[] } | undefined;
      const text = json?.choices?.[0]?.message?.content;
      if (typeof text !== 'string' || text.trim() === '') throw new ProviderError('OPENAI_ERROR', 'the language model answered without text');
      return text.trim().replace(/^"|"$/g, '').slice(0, 200);
    },
  };
}

export function createTauntProvider(cfg: PongConfig): TauntProvider {
  if (cfg.opponentProvider === 'local') return createLocalProvider();
  if (cfg.opponentProvider === 'openai') return createOpenAiProvider({ baseUrl: cfg.openaiBaseUrl, apiKey: cfg.openaiApiKey, model: cfg.openaiModel });
  throw new Error(`config: OPPONENT_PROVIDER must be "local" or "openai", got "${cfg.opponentProvider}"`);
}
