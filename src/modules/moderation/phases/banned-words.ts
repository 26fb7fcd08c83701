import { commentText } from '../../text/index.ts';
import type { Phase } from '../phase.ts';
import { decide } from '../decisions.ts';

export const bannedWords: Phase = {
  name: 'banned-words',
  run({ submission, words }) {
    const found = words.banned.find(commentText(submission.body));
    if (found.length === 0) return null;
    return decide('reject', 'BANNED_WORDS', { words: found.join('\n') });
  },
};
