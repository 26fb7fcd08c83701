import { decide } from '../decisions.ts';
import type { Phase } from '../phase.ts';

export const writerStatus: Phase = {
  name: 'writer-status',
  run({ writer, now, settings }) {
    if (writer.modStatus === 'banned') return decide('refuse', 'WRITER_BANNED');
    if (writer.modStatus === 'suspended' && writer.suspendedUntil && writer.suspendedUntil > now.toISOString()) {
      return decide('refuse', 'WRITER_SUSPENDED', { until: writer.suspendedUntil });
    }
    // Staff accounts are made by an admin and need no confirmation to take part.
    if (settings.requireVerifiedEmail && !writer.emailVerified && writer.role === 'reader') return decide('refuse', 'EMAIL_UNVERIFIED');
    if (writer.modStatus === 'premod') return decide('hold', 'WRITER_PREMOD');
    return null;
  },
};
