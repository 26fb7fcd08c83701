export {
  COMMENT_SORTS,
  commenterProfile,
  commentReasons,
  decodeCursor,
  getComment,
  getQueueItem,
  getThreadInfo,
  getThreadOf,
  listCommentsBy,
  listQueue,
  listThread,
  QUEUES,
  queueCounts,
  threadStamp,
} from './comments.repository.ts';
export type { CommenterProfile, CommentSort, CommentView, QueueItem, QueueName, ThreadInfo, ThreadPage } from './comments.repository.ts';
export { CommentError, createConversation, EDIT_WINDOW_MS, REPORT_REASONS } from './comments.service.ts';
export type { Conversation, ConversationOptions, PostResult, ReportReason, ThreadEvent } from './comments.service.ts';
export { THREAD_MODES, COMMENT_STATUSES } from './domain.ts';
export type { CommentStatus, ThreadMode } from './domain.ts';
export { commentEmailRenderers } from './comment-emails.ts';
