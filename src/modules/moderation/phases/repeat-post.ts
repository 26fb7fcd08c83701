import type { Phase } from '../phase.ts';

export const repeatPost: Phase = {
  name: 'repeat-post',
  run({ submission, history }) {
    if (submission.editing || !history.repeated) return null;
    return { action: 'refuse', reason: 'You posted this same comment a few minutes ago.' };
  },
};
