import type { Bus, BusEvent } from '../../../bus/index.js';
import type { LibraryConfig } from '../../../config/library.js';
import type { Logger } from '../../../runtime/index.js';
import { LIBRARY_AI_TOPIC, type HistoryEntry } from '../../../../machines/library/conversation-machine.js';
import { LibraryErrorCode } from '../errors.js';
import type { LibraryRepository } from '../../../store/index.js';
import { createLocalProvider } from './local-provider.js';
import { createOpenAiProvider } from './openai-provider.js';
import { AssistantError, type AssistantProvider } from './provider.js';
import { createTools, TOOL_NAMES, ToolError, type ToolScope } from './tools.js';
import { createRowWriter } from '../row-writer.js';

/**
 * The I/O half of conversations: answers `$ai_run` requests with the configured provider,
 * runs its tools against the store, and sends tool reports, text deltas and the outcome
 * back to the conversation actor. Also stores each message (`$ai_persist`) and confirms it to
 * the actor (`ai_stored`), which acknowledges the message to its user only then.
 */
export function createAssistantIo(deps: { bus: Bus; repo: LibraryRepository; config: LibraryConfig; logger: Logger; provider?: AssistantProvider }) {
  const { bus, repo, config, logger } = deps;
  const tools = createTools(repo);
  const provider: AssistantProvider =
    deps.provider ??
    (config.aiProvider === 'openai'
      ? createOpenAiProvider({ baseUrl: config.openaiBaseUrl, apiKey: config.openaiApiKey, model: config.openaiModel, timeoutMs: config.aiTimeoutMs })
      : createLocalProvider(tools));
  let stopped = false;
  const rows = createRowWriter({ logger, stopped: () => stopped });

  const toActor = (conversationId: string, event: BusEvent) => {
    if (stopped) return;
    try {
      bus.send(`conversation/${conversationId}`, { event });
    } catch (error) {
      logger.warn({ err: error, conversationId }, 'library: could not deliver an assistant event');
    }
  };
  const pause = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

  function runTool(scope: ToolScope, name: string, params: Record<string, unknown>): Promise<unknown> {
    switch (name) {
      case 'search_games':
        return tools.search_games(scope, params);
      case 'get_library_stats':
        return tools.get_library_stats(scope);
      case 'get_recommendations':
        return tools.get_recommendations(scope, params);
      case 'get_achievement_progress':
        return tools.get_achievement_progress(scope, params);
      default:
        return Promise.reject(new ToolError(`unknown tool "${name}" (tools: ${TOOL_NAMES.join(', ')})`));
    }
  }

  async function run(event: BusEvent) {
    const { seq, conversation_id, user_id, library_id, message, history } = event as unknown as {
      seq: number; conversation_id: string; user_id: string; library_id: string | null; message: string; history: HistoryEntry[];
    };
    const scope: ToolScope = { userId: user_id, libraryId: library_id };
    if (library_id && (await repo.library(library_id))?.user_id !== user_id) {
      toActor(conversation_id, {
        type: 'ai_failed',
        seq,
        error_code: LibraryErrorCode.NOT_FOUND,
        error_message: `Library ${library_id} was not found`,
        is_recoverable: false,
        suggested_action: 'Check context.library_id (GET /api/libraries lists yours), or leave it out to use all your libraries',
      });
      return;
    }
    try {
      const result = await provider.answer(
        { message, history, scope },
        {
          async useTool(name, params) {
            toActor(conversation_id, { type: 'ai_tool', seq, tool_name: name, tool_parameters: params, status: 'executing' });
            try {
              const value = await runTool(scope, name, params);
              toActor(conversation_id, { type: 'ai_tool', seq, tool_name: name, tool_parameters: params, status: 'completed' });
              return value;
            } catch (error) {
              toActor(conversation_id, { type: 'ai_tool', seq, tool_name: name, tool_parameters: params, status: 'failed' });
              const reason = error instanceof Error ? error.message : String(error);
              throw new AssistantError(LibraryErrorCode.TOOL_EXECUTION_FAILED, `Unable to run ${name}: ${reason}`, !(error instanceof ToolError), 'Please try your request again');
            }
          },
          status(activity) {
            toActor(conversation_id, { type: 'ai_status', seq, activity });
          },
          async delta(text) {
            if (stopped) throw new AssistantError(LibraryErrorCode.SERVER_ERROR, 'server is shutting down', true, 'Reconnect and ask again');
            toActor(conversation_id, { type: 'ai_delta', seq, text });
            await pause(provider.name === 'local' ? config.aiChunkDelayMs : 0);
          },
        },
      );
      toActor(conversation_id, { type: 'ai_done', seq, tools_used: result.tools_used, token_count: result.token_count });
    } catch (error) {
      if (!(error instanceof AssistantError)) logger.error({ err: error, conversation_id }, 'library: assistant failed');
      const e =
        error instanceof AssistantError
          ? error
          : new AssistantError(LibraryErrorCode.SERVER_ERROR, 'The assistant failed unexpectedly', true, 'Please try your request again');
      toActor(conversation_id, { type: 'ai_failed', seq, error_code: e.code, error_message: e.message, is_recoverable: e.recoverable, suggested_action: e.suggestedAction });
    }
  }

  /**
   * Messages are stored in the order they were emitted. One asked for again after a restore
   * (`redo`) may be stored already (the crash came between the row and its confirmation): a
   * conversation's pending rows are its last ones, so the last few messages tell (the same
   * message id, role, time and text: a client may reuse its message ids).
   */
  function persist(event: BusEvent) {
    const e = event as unknown as {
      conversation_id: string; user_id: string; library_id: string | null; role: 'user' | 'assistant'; content: string; message_id: string; tools_used: string[]; at: string; wseq?: number; redo?: boolean;
    };
    rows.write(
      e.conversation_id,
      async () => {
        if (e.redo === true && (await repo.recentMessages(e.conversation_id, 4)).some((m) => m.message_id === e.message_id && m.role === e.role && m.created_at === e.at && m.content === e.content)) return;
        await repo.appendMessage({ conversationId: e.conversation_id, userId: e.user_id, libraryId: e.library_id, role: e.role, content: e.content, messageId: e.message_id, toolsUsed: e.tools_used, at: e.at });
      },
      () => {
        if (typeof e.wseq === 'number') toActor(e.conversation_id, { type: 'ai_stored', wseq: e.wseq });
      },
      'conversation message',
    );
  }

  // The subscription stays until the bus closes (after the host's last commit): messages of
  // turns committed before a graceful stop are still stored.
  bus.subscribe(LIBRARY_AI_TOPIC, (event) => {
    if (event.type === '$ai_persist') return persist(event);
    // Answer in the background; the actor hears back through its mailbox.
    if (event.type === '$ai_run' && !stopped) setImmediate(() => void run(event));
  });

  return {
    provider,
    stop() {
      stopped = true;
    },
  };
}
