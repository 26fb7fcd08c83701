import { isStaff, type Phase } from '../phase.ts';

export const storyMode: Phase = {
  name: 'story-mode',
  run({ story, settings, writer }) {
    if (isStaff(writer)) return null;
    if (story.mode === 'premod') return { action: 'hold', reason: 'Comments on this story are reviewed before they appear.' };
    if (story.mode === 'default' && settings.siteMode === 'pre') return { action: 'hold', reason: 'Comments are reviewed before they appear.' };
    return null;
  },
};
