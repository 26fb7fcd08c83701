import { commentText } from '../../text/index.ts';
import { isStaff, type Phase } from '../phase.ts';

export const suspectWords: Phase = {
  name: 'suspect-words',
  run({ submission, words, writer }) {
    if (isStaff(writer)) return null;
    const found = words.suspect.find(commentText(submission.body));
    return found.length > 0 ? { action: 'hold', reason: `Suspect words: ${found.join(', ')}.` } : null;
  },
};
