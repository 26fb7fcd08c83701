import { decide } from '../decisions.ts';
import { isStaff, type Phase } from '../phase.ts';

export const storyMode: Phase = {
  name: 'story-mode',
  run({ story, settings, writer }) {
    if (isStaff(writer)) return null;
    if (story.mode === 'premod') return decide('hold', 'STORY_PREMOD');
    if (story.mode === 'default' && settings.siteMode === 'pre') return decide('hold', 'SITE_PREMOD');
    return null;
  },
};
