// The comments module's vocabulary. It imports nothing, so storage/schema.ts may use it to type
// the columns that hold it (see decision 0009).

/** A thread's mode: the site's default, or open, pre-moderated or closed for this story. */
export const THREAD_MODES = ['default', 'open', 'premod', 'closed'] as const;
export type ThreadMode = (typeof THREAD_MODES)[number];

/** Readers see published comments; pending wait for a moderator; deleted keep a placeholder above replies. */
export const COMMENT_STATUSES = ['published', 'pending', 'rejected', 'deleted'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];
