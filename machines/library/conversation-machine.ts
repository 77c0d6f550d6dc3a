import { assign, emit, enqueueActions, setup } from 'xstate';
import { out, type Outgoing } from '../../src/contract/index.js';
import { userTopic } from './sync-machine.js';
import { confirm, confirms, noWrites, redo, stage, type Route, type WriteAhead } from './write-ahead.js';

/**
 * One assistant conversation (`conversation/<id>`). A message starts a turn: the machine
 * says `ai_thinking`, asks the session layer's assistant worker to answer (an `$ai_run`
 * request on the `library-ai` topic) and relays what comes back — tool executions, text
 * deltas, completion or failure — as the seed's events, tagged with the client's message
 * id. Streaming holds one delta back so the last chunk can carry `is_final: true`. A
 * turn that takes longer than `timeoutMs` ends with `ai_error AI_TIMEOUT`.
 *
 * Each message is stored by the worker (`$ai_persist`) after the turn that asked for it has
 * committed; what acknowledges it — `ai_thinking` for the question, the final chunk and
 * `ai_chat_response_complete` for the answer, and whatever follows them — waits until the
 * worker confirms the row (`ai_stored`), and a restored conversation asks again for the rows
 * not confirmed (see write-ahead.ts).
 */

export const LIBRARY_AI_TOPIC = 'library-ai';

export interface HistoryEntry {
  role: 'user' | 'assistant';
  content: string;
}

export interface Turn {
  messageId: string;
  conn: string | null;
  startedAt: number;
  chunkIndex: number;
  pending: string | null;
  text: string;
  seq: number;
}

export interface ConversationContext extends WriteAhead {
  conversationId: string;
  owner: string | null;
  libraryId: string | null;
  history: HistoryEntry[];
  historyMax: number;
  timeoutMs: number;
  turn: Turn | null;
  seq: number;
}

export interface ConversationInput {
  conversationId: string;
  owner: string | null;
  libraryId: string | null;
  history: HistoryEntry[];
  historyMax: number;
  timeoutMs: number;
}

type Stamp = { $at?: number; $from?: { conn?: string; member?: string } };
export type ConversationEvent =
  | ({ type: 'ai_chat_message'; conversation_id: string; message_id: string; message: string; library_id: string | null } & Stamp)
  | ({ type: 'ai_tool'; seq: number; tool_name: string; tool_parameters: Record<string, unknown>; status: string } & Stamp)
  | ({ type: 'ai_status'; seq: number; activity: string } & Stamp)
  | ({ type: 'ai_delta'; seq: number; text: string } & Stamp)
  | ({ type: 'ai_done'; seq: number; tools_used: string[]; token_count: number } & Stamp)
  | ({ type: 'ai_failed'; seq: number; error_code: string; error_message: string; is_recoverable: boolean; suggested_action: string } & Stamp)
  | ({ type: 'ai_stored'; wseq: number } & Stamp)
  | ({ type: '$restored' } & Stamp);

const iso = (ms: number) => new Date(ms).toISOString();

/** `ai_error` to the sender of a refused `ai_chat_message`. */
function refusal(event: ConversationEvent, conversationId: string, code: string, message: string, recoverable: boolean, suggestion: string) {
  const e = event as Extract<ConversationEvent, { type: 'ai_chat_message' }>;
  return out('sender', {
    type: 'ai_error',
    id: e.message_id,
    timestamp: iso(e.$at ?? 0),
    data: {
      conversation_id: conversationId,
      message_id: e.message_id,
      error_code: code,
      error_message: message,
      is_recoverable: recoverable,
      suggested_action: suggestion,
    },
  });
}

/** An event of the current turn: to the asking socket, and to the owner's other sockets that subscribed. */
function toTurn(context: ConversationContext, turn: Turn, type: string, data: Record<string, unknown>, at: number): Outgoing[] {
  const event = { type, data: { conversation_id: context.conversationId, message_id: turn.messageId, ...data }, timestamp: iso(at), id: turn.messageId };
  const outs = [out({ topic: userTopic(context.owner!) }, { ...event, $origin_conn: turn.conn })];
  if (turn.conn) outs.unshift(out({ conn: turn.conn }, event));
  return outs;
}

const isCurrent = (context: ConversationContext, event: ConversationEvent) => context.turn !== null && 'seq' in event && event.seq === context.turn.seq;

/** Stored messages are kept until confirmed; the worker's request and refusals go at once; what the user hears waits for the rows. */
function route(o: Outgoing): Route {
  if (o.event.type === '$ai_persist') return 'write';
  return o.to === 'sender' || (typeof o.to === 'object' && 'topic' in o.to && o.to.topic === LIBRARY_AI_TOPIC) ? 'now' : 'ack';
}

type Enqueue = { assign(update: Partial<ConversationContext>): void; emit(o: Outgoing): void };

/** Apply `update`, then say `outs` through the write-ahead. */
function say(enqueue: Enqueue, context: ConversationContext, update: Partial<ConversationContext>, outs: Outgoing[]) {
  const { next, emit: now } = stage(context, outs, route);
  enqueue.assign({ ...update, ...next });
  for (const o of now) enqueue.emit(o);
}

export const conversationMachine = setup({
  types: { context: {} as ConversationContext, events: {} as ConversationEvent, input: {} as ConversationInput, emitted: {} as Outgoing },
  delays: { timeout: ({ context }) => context.timeoutMs },
  actions: {
    /**
     * After a restore: the rows not confirmed are asked for again; what waited for them is
     * dropped, as the turn it belonged to ended with the process that ran it.
     */
    restoreWrites: enqueueActions(({ context, enqueue }) => {
      for (const o of redo(context)) enqueue.emit(o);
      if ((context.held ?? []).length > 0) enqueue.assign({ held: [] });
    }),
  },
}).createMachine({
  id: 'conversation',
  context: ({ input }) => ({ ...input, turn: null, seq: 0, ...noWrites() }),
  initial: 'idle',
  on: {
    ai_stored: {
      guard: ({ context, event }) => confirms(context, (event as Extract<ConversationEvent, { type: 'ai_stored' }>).wseq),
      actions: enqueueActions(({ context, event, enqueue }) => {
        const { next, emit: now } = confirm(context, (event as Extract<ConversationEvent, { type: 'ai_stored' }>).wseq);
        enqueue.assign(next);
        for (const o of now) enqueue.emit(o);
      }),
    },
    $restored: { guard: ({ context }) => (context.unsaved ?? []).length > 0 || (context.held ?? []).length > 0, actions: 'restoreWrites' },
  },
  states: {
    idle: {
      on: {
        ai_chat_message: [
          {
            guard: ({ context, event }) => context.owner !== null && context.owner !== event.$from?.member,
            actions: emit(({ event }) =>
              refusal(event, (event as Extract<ConversationEvent, { type: 'ai_chat_message' }>).conversation_id, 'PERMISSION_DENIED', 'This conversation belongs to another user', false, 'Start a new conversation (omit context.conversation_id)'),
            ),
          },
          {
            target: 'answering',
            actions: enqueueActions(({ context, event, enqueue }) => {
              const e = event as Extract<ConversationEvent, { type: 'ai_chat_message' }>;
              const at = e.$at ?? 0;
              const seq = context.seq + 1;
              const owner = context.owner ?? e.$from!.member!;
              const libraryId = e.library_id ?? context.libraryId;
              const turn: Turn = { messageId: e.message_id, conn: e.$from?.conn ?? null, startedAt: at, chunkIndex: 0, pending: null, text: '', seq };
              const next = { ...context, owner, libraryId, seq, turn };
              const outs: Outgoing[] = [
                out({ topic: LIBRARY_AI_TOPIC }, {
                  type: '$ai_run',
                  seq,
                  conversation_id: context.conversationId,
                  message_id: e.message_id,
                  user_id: owner,
                  library_id: libraryId,
                  message: e.message,
                  history: context.history,
                }),
                out({ topic: LIBRARY_AI_TOPIC }, { type: '$ai_persist', conversation_id: context.conversationId, user_id: owner, library_id: libraryId, role: 'user', content: e.message, message_id: e.message_id, tools_used: [], at: iso(at) }),
                ...toTurn(next, turn, 'ai_thinking', { status: 'thinking', activity: 'Reading your library...', estimated_seconds: 2 }, at),
              ];
              say(enqueue, context, { owner, libraryId, seq, turn, history: [...context.history, { role: 'user' as const, content: e.message }].slice(-context.historyMax) }, outs);
            }),
          },
        ],
      },
    },
    answering: {
      after: {
        timeout: {
          target: 'idle',
          actions: enqueueActions(({ context, enqueue }) => {
            const turn = context.turn!;
            const at = turn.startedAt + context.timeoutMs;
            say(enqueue, context, { turn: null }, toTurn(context, turn, 'ai_error', {
              error_code: 'AI_TIMEOUT',
              error_message: 'The assistant took too long to answer',
              is_recoverable: true,
              suggested_action: 'Please try your request again',
            }, at));
          }),
        },
      },
      on: {
        ai_chat_message: {
          actions: emit(({ context, event }) =>
            refusal(event, context.conversationId, 'CONVERSATION_BUSY', 'The assistant is still answering the previous message', true, 'Wait for ai_chat_response_complete, then send again'),
          ),
        },
        ai_tool: {
          guard: ({ context, event }) => isCurrent(context, event),
          actions: enqueueActions(({ context, event, enqueue }) => {
            const e = event as Extract<ConversationEvent, { type: 'ai_tool' }>;
            say(enqueue, context, {}, toTurn(context, context.turn!, 'ai_tool_execution', { tool_name: e.tool_name, tool_parameters: e.tool_parameters, status: e.status }, e.$at ?? 0));
          }),
        },
        ai_status: {
          guard: ({ context, event }) => isCurrent(context, event),
          actions: enqueueActions(({ context, event, enqueue }) => {
            const e = event as Extract<ConversationEvent, { type: 'ai_status' }>;
            say(enqueue, context, {}, toTurn(context, context.turn!, 'ai_thinking', { status: 'thinking', activity: e.activity, estimated_seconds: 1 }, e.$at ?? 0));
          }),
        },
        ai_delta: {
          guard: ({ context, event }) => isCurrent(context, event),
          actions: enqueueActions(({ context, event, enqueue }) => {
            const e = event as Extract<ConversationEvent, { type: 'ai_delta' }>;
            const turn = context.turn!;
            if (e.text === '') return;
            let chunkIndex = turn.chunkIndex;
            const outs: Outgoing[] = [];
            if (turn.pending !== null) {
              outs.push(...toTurn(context, turn, 'ai_chat_response_chunk', { chunk: turn.pending, is_final: false, chunk_index: chunkIndex }, e.$at ?? 0));
              chunkIndex++;
            }
            say(enqueue, context, { turn: { ...turn, chunkIndex, pending: e.text, text: turn.text + e.text } }, outs);
          }),
        },
        ai_done: {
          guard: ({ context, event }) => isCurrent(context, event),
          target: 'idle',
          actions: enqueueActions(({ context, event, enqueue }) => {
            const e = event as Extract<ConversationEvent, { type: 'ai_done' }>;
            const turn = context.turn!;
            const at = e.$at ?? turn.startedAt;
            say(enqueue, context, { turn: null, history: [...context.history, { role: 'assistant' as const, content: turn.text }].slice(-context.historyMax) }, [
              ...toTurn(context, turn, 'ai_chat_response_chunk', { chunk: turn.pending ?? '', is_final: true, chunk_index: turn.chunkIndex }, at),
              ...toTurn(context, turn, 'ai_chat_response_complete', {
                full_message: turn.text,
                tools_used: e.tools_used,
                response_time_ms: Math.max(0, at - turn.startedAt),
                token_count: e.token_count,
              }, at),
              out({ topic: LIBRARY_AI_TOPIC }, { type: '$ai_persist', conversation_id: context.conversationId, user_id: context.owner, library_id: context.libraryId, role: 'assistant', content: turn.text, message_id: turn.messageId, tools_used: e.tools_used, at: iso(at) }),
            ]);
          }),
        },
        ai_failed: {
          guard: ({ context, event }) => isCurrent(context, event),
          target: 'idle',
          actions: enqueueActions(({ context, event, enqueue }) => {
            const e = event as Extract<ConversationEvent, { type: 'ai_failed' }>;
            say(enqueue, context, { turn: null }, toTurn(context, context.turn!, 'ai_error', {
              error_code: e.error_code,
              error_message: e.error_message,
              is_recoverable: e.is_recoverable,
              suggested_action: e.suggested_action,
            }, e.$at ?? 0));
          }),
        },
        // The worker that was answering died with the previous process: the asking socket is gone too.
        $restored: { target: 'idle', actions: [assign({ turn: null }), 'restoreWrites'] },
      },
    },
  },
});
