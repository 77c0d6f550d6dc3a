import type { LibraryConfig } from '../../../config/library.js';
import { defineActorKind, type ActorKind } from '../../../runtime/index.js';
import { conversationMachine, type ConversationContext } from '../../../../machines/library/conversation-machine.js';
import type { LibraryRepository } from '../../../store/index.js';

/** Conversations start from their stored history, so one survives even a lost snapshot. */
export function createConversationKind(deps: { repo: LibraryRepository; config: LibraryConfig }): ActorKind {
  return defineActorKind({
    kind: 'conversation',
    machine: conversationMachine,
    // Async: the host awaits a fresh actor's input before it starts the actor.
    input: async (id) => {
      const [stored, history] = await Promise.all([deps.repo.conversation(id), deps.repo.recentMessages(id, deps.config.aiHistoryMax)]);
      return {
        conversationId: id,
        owner: stored?.user_id ?? null,
        libraryId: stored?.library_id ?? null,
        history: history.map((m) => ({ role: m.role, content: m.content })),
        historyMax: deps.config.aiHistoryMax,
        timeoutMs: deps.config.aiTimeoutMs,
      };
    },
    // Not while a message waits for its row to be confirmed: the confirmation would wake it from the snapshot.
    canPassivate: (snapshot) => (snapshot.context as ConversationContext).turn === null && ((snapshot.context as ConversationContext).unsaved ?? []).length === 0,
  });
}
