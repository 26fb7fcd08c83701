// Publishes embargoed stories when their time comes. Every app process may run it: a story is
// claimed by an update that succeeds only once (see releaseEmbargoes).
import { releaseEmbargoes } from '../modules/stories/index.ts';
import type { Db } from '../storage/index.ts';
import { repeat, type RepeatingTask } from './repeat.ts';

export type EmbargoRelease = RepeatingTask<string[]>;

export function startEmbargoRelease(
  db: Db,
  options: { intervalMs: number; onError(error: unknown): void; onReleased?(ids: string[]): void },
): EmbargoRelease {
  return repeat(
    async () => {
      const ids = await releaseEmbargoes(db);
      if (ids.length > 0) options.onReleased?.(ids);
      return ids;
    },
    options.intervalMs,
    options.onError,
  );
}
