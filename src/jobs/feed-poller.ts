// Polls due http sources every few seconds. Runs in every app process; the claim in
// pollDueSources makes sure each feed is polled by exactly one of them.
import { pollDueSources, type PollResult } from '../modules/ingest/index.ts';
import type { Db } from '../storage/index.ts';

export interface FeedPoller {
  runOnce(): Promise<PollResult[]>;
  stop(): void;
}

export function startFeedPoller(
  ctx: { db: Db; mediaDir: string },
  options: { tickMs: number; onError(error: unknown): void; onPolled?(results: PollResult[]): void },
): FeedPoller {
  let running: Promise<PollResult[]> | null = null;
  const runOnce = () => {
    running ??= pollDueSources(ctx)
      .then((results) => {
        if (results.length > 0) options.onPolled?.(results);
        return results;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => {
    runOnce().catch(options.onError);
  }, options.tickMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
