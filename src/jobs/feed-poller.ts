// Polls due http sources and scans drop folders every few seconds. Runs in every app process;
// the claims in pollDueSources and scanDropFolders make sure each feed poll and each dropped
// file is taken by exactly one of them.
import { pollDueSources, scanDropFolders, type DropResult, type PollResult } from '../modules/ingest/index.ts';
import type { Db } from '../storage/index.ts';

export interface FeedPoller {
  runOnce(): Promise<{ polls: PollResult[]; drops: DropResult[] }>;
  stop(): void;
}

export function startFeedPoller(
  ctx: { db: Db; mediaDir: string },
  options: { tickMs: number; onError(error: unknown): void; onPolled?(results: PollResult[]): void; onDropped?(results: DropResult[]): void },
): FeedPoller {
  let running: Promise<{ polls: PollResult[]; drops: DropResult[] }> | null = null;
  const runOnce = () => {
    running ??= (async () => {
      const polls = await pollDueSources(ctx);
      const drops = await scanDropFolders(ctx);
      if (polls.length > 0) options.onPolled?.(polls);
      if (drops.length > 0) options.onDropped?.(drops);
      return { polls, drops };
    })()
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
