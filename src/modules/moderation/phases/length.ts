import type { Phase } from '../phase.ts';

export const length: Phase = {
  name: 'length',
  run({ submission, settings }) {
    const size = [...submission.body.trim()].length;
    if (size === 0) return { action: 'refuse', reason: 'Write something before posting.' };
    if (size > settings.maxLength) {
      return { action: 'refuse', reason: `Comments can be up to ${settings.maxLength} characters; this one has ${size}.` };
    }
    return null;
  },
};
