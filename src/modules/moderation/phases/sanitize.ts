import { renderCommentMarkdown } from '../../text/index.ts';
import type { Phase } from '../phase.ts';
import { decide } from '../decisions.ts';

export const sanitize: Phase = {
  name: 'sanitize',
  run({ submission }, state) {
    state.html = renderCommentMarkdown(submission.body);
    if (state.html === '') return decide('refuse', 'EMPTY');
    return null;
  },
};
