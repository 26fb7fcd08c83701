// Publishes embargoed stories when their time comes. Every app process may run it: a story is
// claimed by an update that succeeds only once (see releaseEmbargoes).
import { releaseEmbargoes } from '../modules/stories/index.ts';
import type { EventBus } from '../modules/events/index.ts';
import type { Db } from '../storage/index.ts';
import { repeat, type RepeatingTask } from './repeat.ts';

export type EmbargoRelease = RepeatingTask<string[]>;

export function startEmbargoRelease(
  db: Db,
  options: { intervalMs: number; onError(error: unknown): void; onReleased?(ids: string[]): void; events?: EventBus },
): EmbargoRelease {
  return repeat(
    async () => {
      const ids = await releaseEmbargoes(db);
      for (const storyId of ids) options.events?.emit({ type: 'story.changed', storyId, change: 'released', via: 'embargo' });
      if (ids.length > 0) options.onReleased?.(ids);
      return ids;
    },
    options.intervalMs,
    options.onError,
  );
}
