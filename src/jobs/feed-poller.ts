// Polls due http sources and scans drop folders every few seconds, as two loops: a slow feed
// never holds a dropped file back. Runs in every app process; the claims in pollDueSources and
// scanDropFolders make sure each feed poll and each dropped file is taken by exactly one of them.
import { pollDueSources, scanDropFolders, type DropResult, type IngestContext, type PollResult } from '../modules/ingest/index.ts';
import { repeat, type RepeatingTask } from './repeat.ts';

export type FeedPoller = RepeatingTask<{ polls: PollResult[]; drops: DropResult[] }>;

export function startFeedPoller(
  ctx: IngestContext,
  options: { tickMs: number; onError(error: unknown): void; onPolled?(results: PollResult[]): void; onDropped?(results: DropResult[]): void },
): FeedPoller {
  const polling = repeat(
    async () => {
      const polls = await pollDueSources(ctx);
      if (polls.length > 0) options.onPolled?.(polls);
      return polls;
    },
    options.tickMs,
    options.onError,
  );
  const dropping = repeat(
    async () => {
      const drops = await scanDropFolders(ctx);
      if (drops.length > 0) options.onDropped?.(drops);
      return drops;
    },
    options.tickMs,
    options.onError,
  );
  return {
    async runOnce() {
      const [polls, drops] = await Promise.all([polling.runOnce(), dropping.runOnce()]);
      return { polls, drops };
    },
    async stop() {
      await Promise.all([polling.stop(), dropping.stop()]);
    },
  };
}
