import type { Phase } from '../phase.ts';
import { decide } from '../decisions.ts';

// Counted from stored comments, so every app process on one database shares the limits.
export const rateLimit: Phase = {
  name: 'rate-limit',
  run({ submission, history, settings, story, now }) {
    if (submission.editing) return null;
    if (history.lastMinute >= settings.perMinute) {
      const oldest = history.oldestInLastMinute;
      const wait = oldest ? Math.max(1, Math.ceil((Date.parse(oldest) + 60_000 - now.getTime()) / 1000)) : 60;
      return decide('refuse', 'RATE_LIMITED', { wait });
    }
    if (story.slowModeSeconds > 0 && history.lastOnStory) {
      const next = Date.parse(history.lastOnStory) + story.slowModeSeconds * 1000;
      if (next > now.getTime()) {
        return decide('refuse', 'SLOW_MODE', { seconds: story.slowModeSeconds, wait: Math.ceil((next - now.getTime()) / 1000) });
      }
    }
    return null;
  },
};
