import type { Phase } from '../phase.ts';

const same = (a: string, b: string) => a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

export const repeatPost: Phase = {
  name: 'repeat-post',
  run({ submission, recent }) {
    if (submission.editing) return null;
    if (recent.some((c) => same(c.body, submission.body))) {
      return { action: 'refuse', reason: 'You posted this same comment a few minutes ago.' };
    }
    return null;
  },
};
