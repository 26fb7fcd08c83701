import { commentText } from '../../text/index.ts';
import type { Phase } from '../phase.ts';
import { decide } from '../decisions.ts';

export const toxicity: Phase = {
  name: 'toxicity',
  async run({ submission, scorer, settings }, state) {
    const score = await scorer.score(commentText(submission.body));
    state.toxicity = score.value;
    if (score.value < settings.toxicityThreshold) return decide('note', 'TOXICITY_SCORE', { score: score.value, by: score.by });
    if (!submission.confirmed) {
      return decide('confirm', 'TOXICITY_CONFIRM');
    }
    return decide('hold', 'TOXICITY_HELD', { score: score.value, by: score.by, threshold: settings.toxicityThreshold });
  },
};
