// The accounts module's vocabulary. It imports nothing, so storage/schema.ts may use it to type
// the columns that hold it (see decision 0009).

/** What a signed-in person may do: readers comment; moderators, editors and admins staff the desk. */
export const ROLES = ['reader', 'moderator', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
