// Publishes embargoed stories when their time comes. Every app process may run it: a story is
// claimed by an update that succeeds only once (see releaseEmbargoes).
import { releaseEmbargoes } from '../modules/stories/index.ts';
import type { Db } from '../storage/index.ts';

export interface EmbargoRelease {
  /** Runs one pass now; resolves with the ids released. */
  runOnce(): Promise<string[]>;
  stop(): void;
}

export function startEmbargoRelease(
  db: Db,
  options: { intervalMs: number; onError(error: unknown): void; onReleased?(ids: string[]): void },
): EmbargoRelease {
  let running: Promise<string[]> | null = null;
  const runOnce = () => {
    running ??= releaseEmbargoes(db)
      .then((ids) => {
        if (ids.length > 0) options.onReleased?.(ids);
        return ids;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => {
    runOnce().catch(options.onError);
  }, options.intervalMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
