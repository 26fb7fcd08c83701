import { isStaff, type Phase } from '../phase.ts';

export const newCommenterPremod: Phase = {
  name: 'new-commenter-premod',
  run({ writer, settings }) {
    if (isStaff(writer) || writer.approvedCount >= settings.premodUntilApproved) return null;
    return { action: 'hold', reason: `New commenter: ${writer.approvedCount} of ${settings.premodUntilApproved} approved comments so far.` };
  },
};
