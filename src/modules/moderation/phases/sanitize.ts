import { renderCommentMarkdown } from '../../text/index.ts';
import type { Phase } from '../phase.ts';

export const sanitize: Phase = {
  name: 'sanitize',
  run({ submission }, state) {
    state.html = renderCommentMarkdown(submission.body);
    if (state.html === '') return { action: 'refuse', reason: 'Write something before posting.' };
    return null;
  },
};
