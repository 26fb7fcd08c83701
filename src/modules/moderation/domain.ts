// The moderation module's vocabulary. It imports nothing, so storage/schema.ts may use it to
// type the columns that hold it (see decision 0009).

/** How the moderation pipeline treats an account's comments. */
export const MOD_STATUSES = ['active', 'premod', 'suspended', 'banned'] as const;
export type ModStatus = (typeof MOD_STATUSES)[number];

/** Banned words refuse a comment, suspect ones hold it, toxic ones add to its score. */
export const WORD_LISTS = ['banned', 'suspect', 'toxic'] as const;
export type WordList = (typeof WORD_LISTS)[number];
