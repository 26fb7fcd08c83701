// The tips module's vocabulary. It imports nothing, so storage/schema.ts may use it to type the
// columns that hold it (see decision 0009).

/** Where a tip stands in the desk's inbox. The last four close it (and start its retention clock). */
export const TIP_STATUSES = ['new', 'assigned', 'in_progress', 'used', 'declined', 'duplicate', 'spam'] as const;
export type TipStatus = (typeof TIP_STATUSES)[number];
export const CLOSED_TIP_STATUSES: readonly TipStatus[] = ['used', 'declined', 'duplicate', 'spam'];

/** tipster: the source added something; reply: the newsroom wrote to the source; note: staff only. */
export const TIP_MESSAGE_KINDS = ['tipster', 'reply', 'note'] as const;
export type TipMessageKind = (typeof TIP_MESSAGE_KINDS)[number];

/** What an attachment is, decided from its bytes. */
export const TIP_FILE_KINDS = ['image', 'pdf', 'audio', 'video', 'text'] as const;
export type TipFileKind = (typeof TIP_FILE_KINDS)[number];

/** Why a tip went to the spam folder. */
export const TIP_SPAM_REASONS = ['honeypot', 'challenge_invalid', 'marked'] as const;
export type TipSpamReason = (typeof TIP_SPAM_REASONS)[number];
