import { defineSamples } from '../machine-samples.js';
import { conversationMachine, type ConversationEvent } from './conversation-machine.js';

/**
 * A conversation with no owner yet: the first asker (`u1`) becomes the owner, and a second user (`u2`)
 * is refused. The worker's answers carry the current turn's seq or a stale one, so every guard is taken
 * both ways; the seq comes from the snapshot, so the exploration stays bounded however many turns run.
 */
const AT = 1_000;
const u1 = { conn: 'c1', member: 'u1' };
const u2 = { conn: 'c2', member: 'u2' };

const answers = (seq: number): ConversationEvent[] => [
  { type: 'ai_tool', seq, tool_name: 'search_library', tool_parameters: {}, status: 'running', $at: AT },
  { type: 'ai_status', seq, activity: 'Looking things up', $at: AT },
  { type: 'ai_delta', seq, text: 'hello', $at: AT },
  { type: 'ai_delta', seq, text: '', $at: AT },
  { type: 'ai_done', seq, tools_used: [], token_count: 1, $at: AT },
  {
    type: 'ai_failed',
    seq,
    error_code: 'AI_UNAVAILABLE',
    error_message: 'down',
    is_recoverable: true,
    suggested_action: 'retry',
    $at: AT,
  },
];

export default defineSamples({
  machine: conversationMachine,
  input: { conversationId: 'conv', owner: null, libraryId: null, history: [], historyMax: 4, timeoutMs: 10_000 },
  events: (snapshot): ConversationEvent[] => {
    const seq = snapshot.context.turn?.seq ?? snapshot.context.seq + 1;
    return [
      ...[u1, u2].map(
        (from): ConversationEvent => ({ type: 'ai_chat_message', conversation_id: 'conv', message_id: `m-${from.member}`, message: 'hi', library_id: null, $from: from, $at: AT }),
      ),
      ...answers(seq),
      ...answers(seq - 1),
      { type: '$restored', $from: {}, $at: AT },
    ];
  },
  // What the guards read: the owner, whether a turn is running (its seq is matched by the samples
  // themselves) and whether a chunk is held back.
  key: (context) => ({ owner: context.owner, turn: context.turn !== null, pending: context.turn?.pending != null }),
});
