import type { HistoryEntry } from '../../../../machines/library/conversation-machine.js';
import type { ToolScope } from './tools.js';

/** One question to answer, with the conversation so far. */
export interface AnswerRequest {
  message: string;
  history: HistoryEntry[];
  scope: ToolScope;
}

/** What a provider may do while answering: use a tool (reported to the client) and stream text. */
export interface AnswerHooks {
  useTool(name: string, params: Record<string, unknown>): Promise<unknown>;
  delta(text: string): Promise<void>;
  /** Say what the assistant is doing now (sent as another `ai_thinking`). */
  status(activity: string): void;
}

export interface AnswerResult {
  tools_used: string[];
  token_count: number;
}

/** A way of answering: the local offline one, or a remote OpenAI-compatible model. */
export interface AssistantProvider {
  readonly name: string;
  answer(request: AnswerRequest, hooks: AnswerHooks): Promise<AnswerResult>;
}

/** An error a provider reports to the client as `ai_error`. */
export class AssistantError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly recoverable: boolean,
    readonly suggestedAction: string,
  ) {
    super(message);
    this.name = 'AssistantError';
  }
}

/** Approximate tokens: words and punctuation marks (close to BPE counts for English prose). */
export const countTokens = (text: string) => (text.match(/[A-Za-z0-9']+|[^\sA-Za-z0-9']/g) ?? []).length;

/** Split a finished text into stream-sized pieces (a few words each, whitespace kept). */
export function chunkText(text: string, wordsPerChunk = 6): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) chunks.push(words.slice(i, i + wordsPerChunk).join(''));
  return chunks;
}
