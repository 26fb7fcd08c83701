import type { Phase } from '../phase.ts';
import { decide } from '../decisions.ts';

export const storyOpen: Phase = {
  name: 'story-open',
  run({ story }) {
    if (!story.published) return decide('refuse', 'STORY_NOT_OPEN');
    if (story.mode === 'closed') return decide('refuse', 'COMMENTS_CLOSED');
    return null;
  },
};
