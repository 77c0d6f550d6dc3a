import { defineSamples } from '../machine-samples.js';
import { conversationMachine, type ConversationEvent } from './conversation-machine.js';

/**
 * A conversation with no owner yet: whichever of `u1` and `u2` asks first becomes the owner, and the
 * other is refused. The worker's answers carry the current turn's seq or a stale one, so every guard is taken
 * both ways. The seq comes from the snapshot and is part of the key (two snapshots the exploration
 * treats as one must get the same samples); new turns are only sampled up to TURNS, which bounds it.
 */
const AT = 1_000;
const TURNS = 3;
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
    // After the last turn, only the refused ask of the user who is not the owner (idle stays live).
    const asks = snapshot.context.seq < TURNS ? [u1, u2] : [u1, u2].filter((user) => user.member !== snapshot.context.owner);
    return [
      ...asks.map(
        (from): ConversationEvent => ({ type: 'ai_chat_message', conversation_id: 'conv', message_id: `m-${from.member}`, message: 'hi', library_id: null, $from: from, $at: AT }),
      ),
      ...answers(seq),
      ...answers(seq - 1),
      { type: '$restored', $from: {}, $at: AT },
    ];
  },
  // What the guards read: the owner, the turn's seq (the samples' seqs follow it), whether a turn is
  // running and whether a chunk is held back.
  key: (context) => ({ owner: context.owner, seq: context.seq, turn: context.turn !== null, pending: context.turn?.pending != null }),
});
