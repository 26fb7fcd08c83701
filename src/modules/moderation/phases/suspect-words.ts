import { commentText } from '../../text/index.ts';
import { decide } from '../decisions.ts';
import { isStaff, type Phase } from '../phase.ts';

export const suspectWords: Phase = {
  name: 'suspect-words',
  run({ submission, words, writer }) {
    if (isStaff(writer)) return null;
    const found = words.suspect.find(commentText(submission.body));
    return found.length > 0 ? decide('hold', 'SUSPECT_WORDS', { words: found.join('\n') }) : null;
  },
};
