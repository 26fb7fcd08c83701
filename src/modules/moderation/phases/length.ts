import type { Phase } from '../phase.ts';
import { decide } from '../decisions.ts';

export const length: Phase = {
  name: 'length',
  run({ submission, settings }) {
    const size = [...submission.body.trim()].length;
    if (size === 0) return decide('refuse', 'EMPTY');
    if (size > settings.maxLength) {
      return decide('refuse', 'TOO_LONG', { max: settings.maxLength, size });
    }
    return null;
  },
};
