// The conversation: posting, editing, deleting and reporting comments (writer-actions.ts), and
// moderators' decisions on them (moderator-actions.ts), over the pipeline's inputs
// (pipeline-inputs.ts) and the thread's counts (thread-state.ts), sharing one context.
import { conversationContext } from './conversation-context.ts';
import type { ConversationOptions } from './conversation-types.ts';
import { moderatorActions } from './moderator-actions.ts';
import { writerActions } from './writer-actions.ts';

export { CommentError, EDIT_WINDOW_MS, REPORT_REASONS, SLOW_MODE_MAX_SECONDS } from './conversation-types.ts';
export type { ConversationOptions, PostResult, ReportReason, ThreadEvent } from './conversation-types.ts';

export type Conversation = ReturnType<typeof createConversation>;

export function createConversation(options: ConversationOptions) {
  const ctx = conversationContext(options);
  return { ...writerActions(ctx), ...moderatorActions(ctx) };
}
