import { commentText } from '../../text/index.ts';
import type { Phase } from '../phase.ts';

export const bannedWords: Phase = {
  name: 'banned-words',
  run({ submission, words }) {
    const found = words.banned.find(commentText(submission.body));
    if (found.length === 0) return null;
    return { action: 'reject', reason: `Your comment uses language our community guidelines do not allow (${found.map((w) => `"${w}"`).join(', ')}).` };
  },
};
