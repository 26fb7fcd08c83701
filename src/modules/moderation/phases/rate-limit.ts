import type { Phase } from '../phase.ts';

// Counted from stored comments, so every app process on one database shares the limits.
export const rateLimit: Phase = {
  name: 'rate-limit',
  run({ submission, history, settings, story, now }) {
    if (submission.editing) return null;
    if (history.lastMinute >= settings.perMinute) {
      const oldest = history.oldestInLastMinute;
      const wait = oldest ? Math.max(1, Math.ceil((Date.parse(oldest) + 60_000 - now.getTime()) / 1000)) : 60;
      return { action: 'refuse', reason: `You are commenting very quickly. Try again in ${wait} seconds.` };
    }
    if (story.slowModeSeconds > 0 && history.lastOnStory) {
      const next = Date.parse(history.lastOnStory) + story.slowModeSeconds * 1000;
      if (next > now.getTime()) {
        return { action: 'refuse', reason: `Slow mode is on for this story: one comment every ${story.slowModeSeconds} seconds. Try again in ${Math.ceil((next - now.getTime()) / 1000)} seconds.` };
      }
    }
    return null;
  },
};
