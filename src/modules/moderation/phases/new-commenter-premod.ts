import { decide } from '../decisions.ts';
import { isStaff, type Phase } from '../phase.ts';

export const newCommenterPremod: Phase = {
  name: 'new-commenter-premod',
  run({ writer, settings }) {
    if (isStaff(writer) || writer.approvedCount >= settings.premodUntilApproved) return null;
    return decide('hold', 'NEW_COMMENTER', { approved: writer.approvedCount, needed: settings.premodUntilApproved });
  },
};
