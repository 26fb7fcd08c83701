import type { Phase } from '../phase.ts';
import { decide } from '../decisions.ts';

export const repeatPost: Phase = {
  name: 'repeat-post',
  run({ submission, history }) {
    if (submission.editing || !history.repeated) return null;
    return decide('refuse', 'REPEATED');
  },
};
