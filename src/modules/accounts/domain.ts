// The accounts module's vocabulary. It imports nothing, so storage/schema.ts may use it to type
// the columns that hold it (see decision 0009).

/**
 * What a signed-in person may do: readers comment; reporters write and submit their own
 * stories; moderators run the conversation desk; editors publish any story and work the wire;
 * admins do all of that and run the site.
 */
export const ROLES = ['reader', 'reporter', 'moderator', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who writes stories (reporters their own), who publishes them, who moderates, who runs the site. */
export const WRITER_ROLES: readonly Role[] = ['reporter', 'editor', 'admin'];
export const EDITOR_ROLES: readonly Role[] = ['editor', 'admin'];
export const MODERATOR_ROLES: readonly Role[] = ['moderator', 'editor', 'admin'];
export const ADMIN_ROLES: readonly Role[] = ['admin'];

/** The roles an admin gives in the newsroom (everyone else is a reader). */
export const STAFF_ROLES = ['reporter', 'moderator', 'editor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
