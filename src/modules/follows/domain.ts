// The follows module's vocabulary. It imports nothing, so storage/schema.ts may use it to type
// the columns that hold it (see decision 0009).

/** What a reader follows. */
export const FOLLOW_TARGETS = ['topic', 'author'] as const;
export type FollowTarget = (typeof FOLLOW_TARGETS)[number];

/** How a follow reaches the reader: breaking alerts at once, a daily or weekly digest, or only the Following page. */
export const CADENCES = ['instant', 'daily', 'weekly', 'none'] as const;
export type Cadence = (typeof CADENCES)[number];

/** pending: a newsletter sign-up not yet confirmed; active: receives mail; unsubscribed: receives none. */
export const SUBSCRIBER_STATUSES = ['pending', 'active', 'unsubscribed'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];
