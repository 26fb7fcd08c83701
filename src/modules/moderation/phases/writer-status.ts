import type { Phase } from '../phase.ts';

const when = (iso: string) => new Date(iso).toUTCString().replace(' GMT', ' UTC');

export const writerStatus: Phase = {
  name: 'writer-status',
  run({ writer, now }) {
    if (writer.modStatus === 'banned') return { action: 'refuse', reason: 'Your account is banned from commenting.' };
    if (writer.modStatus === 'suspended' && writer.suspendedUntil && writer.suspendedUntil > now.toISOString()) {
      return { action: 'refuse', reason: `Your account is suspended from commenting until ${when(writer.suspendedUntil)}.` };
    }
    if (writer.modStatus === 'premod') return { action: 'hold', reason: 'A moderator reviews every comment from this account.' };
    return null;
  },
};
