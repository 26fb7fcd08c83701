import { commentText } from '../../text/index.ts';
import type { Phase } from '../phase.ts';

export const toxicity: Phase = {
  name: 'toxicity',
  async run({ submission, scorer, settings }, state) {
    const score = await scorer.score(commentText(submission.body));
    state.toxicity = score.value;
    if (score.value < settings.toxicityThreshold) return { action: 'note', reason: `Toxicity ${score.value.toFixed(2)} (${score.by}).` };
    if (!submission.confirmed) {
      return { action: 'confirm', reason: 'This comment may break our community guidelines. Are you sure you want to post it? If you post it anyway, a moderator will review it first.' };
    }
    return { action: 'hold', reason: `Toxicity ${score.value.toFixed(2)} (${score.by}) is above ${settings.toxicityThreshold}; posted after a warning.` };
  },
};
