// Publishes embargoed and scheduled stories when their time comes. Every app process may run
// it: a story is claimed by an update that succeeds only once (see releaseEmbargoes, publishDue).
import { publishDue, releaseEmbargoes } from '../modules/stories/index.ts';
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
      const embargoed = await releaseEmbargoes(db);
      for (const storyId of embargoed) options.events?.emit({ type: 'story.changed', storyId, change: 'released', via: 'embargo' });
      const scheduled = await publishDue(db);
      for (const storyId of scheduled) options.events?.emit({ type: 'story.changed', storyId, change: 'released', via: 'schedule' });
      const ids = [...embargoed, ...scheduled];
      if (ids.length > 0) options.onReleased?.(ids);
      return ids;
    },
    options.intervalMs,
    options.onError,
  );
}
