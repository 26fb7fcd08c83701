// The stories module's vocabulary. It imports nothing, so storage/schema.ts may use it to type
// the columns that hold it (the one import storage takes from a module; see decision 0009).

/**
 * published: on the site; withdrawn: killed by the wire or the desk (410 page);
 * held: wire copy waiting for the desk; embargoed: waiting for its embargo to lift; withheld:
 * the wire withheld it until a usable version arrives; draft, review (submitted by a reporter)
 * and scheduled (the job publishes it at publish_at): the station's own stories before they
 * go out; spiked: wire copy the desk decided not to run (kept, never shown). Only published
 * stories appear anywhere.
 */
export const STORY_STATUSES = ['published', 'withdrawn', 'held', 'embargoed', 'withheld', 'draft', 'review', 'scheduled', 'spiked'] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];
