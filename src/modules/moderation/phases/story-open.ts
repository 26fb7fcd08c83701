import type { Phase } from '../phase.ts';

export const storyOpen: Phase = {
  name: 'story-open',
  run({ story }) {
    if (!story.published) return { action: 'refuse', reason: 'This story is not open for comments.' };
    if (story.mode === 'closed') return { action: 'refuse', reason: 'Comments are closed on this story.' };
    return null;
  },
};
