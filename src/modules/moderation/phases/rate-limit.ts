import type { Phase } from '../phase.ts';

// Counted from stored comments, so every app process on one database shares the limits.
export const rateLimit: Phase = {
  name: 'rate-limit',
  run({ submission, recent, settings, story, storyId, now }) {
    if (submission.editing) return null;
    const minuteAgo = new Date(now.getTime() - 60_000).toISOString();
    const lastMinute = recent.filter((c) => c.createdAt > minuteAgo);
    if (lastMinute.length >= settings.perMinute) {
      const oldest = lastMinute[lastMinute.length - 1];
      const wait = oldest ? Math.max(1, Math.ceil((Date.parse(oldest.createdAt) + 60_000 - now.getTime()) / 1000)) : 60;
      return { action: 'refuse', reason: `You are commenting very quickly. Try again in ${wait} seconds.` };
    }
    if (story.slowModeSeconds > 0) {
      const last = recent.find((c) => c.storyId === storyId);
      const next = last ? Date.parse(last.createdAt) + story.slowModeSeconds * 1000 : 0;
      if (next > now.getTime()) {
        return { action: 'refuse', reason: `Slow mode is on for this story: one comment every ${story.slowModeSeconds} seconds. Try again in ${Math.ceil((next - now.getTime()) / 1000)} seconds.` };
      }
    }
    return null;
  },
};
