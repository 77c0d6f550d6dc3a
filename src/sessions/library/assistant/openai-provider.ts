import { AssistantError, countTokens, type AnswerHooks, type AnswerRequest, type AssistantProvider } from './provider.js';
import { TOOL_DEFINITIONS } from './tools.js';

/**
 * An OpenAI-compatible chat-completions provider (`/chat/completions`, `stream: true`,
 * tool calling), enabled with LIBRARY_AI_PROVIDER=openai and OPENAI_BASE_URL /
 * OPENAI_API_KEY / OPENAI_MODEL. Tool calls are executed through the same hooks as the
 * local provider; content deltas are streamed as they arrive.
 */

const SYSTEM_PROMPT =
  "You are Game Djinn, a friendly assistant for the user's video game library. Answer only from the library data the tools return; " +
  'use search_games, get_library_stats, get_recommendations and get_achievement_progress. Be concise; use numbered lists for games.';
const MAX_ROUNDS = 4;

interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

export function createOpenAiProvider(options: { baseUrl: string; apiKey: string; model: string; timeoutMs: number }): AssistantProvider {
  const endpoint = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;

  async function round(messages: ChatMessage[], hooks: AnswerHooks) {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
        body: JSON.stringify({ model: options.model, messages, tools: TOOL_DEFINITIONS, tool_choice: 'auto', stream: true, stream_options: { include_usage: true } }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw new AssistantError('AI_PROVIDER_ERROR', `The AI provider could not be reached: ${(error as Error).message}`, true, 'Please try again in a moment');
    }
    if (!response.ok || !response.body) {
      const status = response.status;
      await response.text().catch(() => '');
      if (status === 401 || status === 403) throw new AssistantError('AI_PROVIDER_ERROR', `The AI provider refused the credentials (HTTP ${status})`, false, 'Ask the operator to check OPENAI_API_KEY');
      if (status === 429) throw new AssistantError('AI_PROVIDER_ERROR', 'The AI provider is rate limiting requests (HTTP 429)', true, 'Please try again in a minute');
      throw new AssistantError('AI_PROVIDER_ERROR', `The AI provider answered HTTP ${status}`, true, 'Please try your request again');
    }

    let content = '';
    let usage: number | undefined;
    const calls: ToolCall[] = [];
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(bytes, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line.startsWith('data:')) continue;
        const payload = line.slice(5).trim();
        if (payload === '[DONE]') continue;
        let chunk: any;
        try {
          chunk = JSON.parse(payload);
        } catch {
          continue;
        }
        if (chunk.usage?.total_tokens) usage = chunk.usage.total_tokens;
        const delta = chunk.choices?.[0]?.delta;
        if (!delta) continue;
        if (typeof delta.content === 'string' && delta.content) {
          content += delta.content;
          await hooks.delta(delta.content);
        }
        for (const call of delta.tool_calls ?? []) {
          const slot = (calls[call.index ?? 0] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
          if (call.id) slot.id = call.id;
          if (call.function?.name) slot.function.name += call.function.name;
          if (call.function?.arguments) slot.function.arguments += call.function.arguments;
        }
      }
    }
    return { content, calls: calls.filter(Boolean), usage };
  }

  return {
    name: 'openai',
    async answer(request: AnswerRequest, hooks: AnswerHooks) {
      const messages: ChatMessage[] = [
        { role: 'system', content: SYSTEM_PROMPT },
        ...request.history.map((h) => ({ role: h.role, content: h.content })),
        { role: 'user', content: request.message },
      ];
      const used = new Set<string>();
      let tokens = 0;
      let text = '';
      for (let i = 0; i < MAX_ROUNDS; i++) {
        const result = await round(messages, hooks);
        text += result.content;
        tokens += result.usage ?? countTokens(result.content);
        if (result.calls.length === 0) return { tools_used: [...used], token_count: tokens };
        messages.push({ role: 'assistant', content: result.content || null, tool_calls: result.calls });
        for (const call of result.calls) {
          let params: Record<string, unknown> = {};
          try {
            params = call.function.arguments ? JSON.parse(call.function.arguments) : {};
          } catch {
            throw new AssistantError('TOOL_EXECUTION_FAILED', `The model sent invalid arguments for ${call.function.name}`, true, 'Please try your request again');
          }
          used.add(call.function.name);
          const value = await hooks.useTool(call.function.name, params);
          messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(value) });
        }
      }
      if (!text) throw new AssistantError('AI_PROVIDER_ERROR', 'The model kept calling tools without answering', true, 'Please rephrase your request');
      return { tools_used: [...used], token_count: tokens };
    },
  };
}
