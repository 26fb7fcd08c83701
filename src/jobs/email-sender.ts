// Sends the email outbox every second or so, in every app process: rows are leased, so two
// processes never send the same row at once, and a process that dies frees its rows when
// their lease ends.
import type { SendReport } from '../modules/notify/index.ts';
import { repeat, type RepeatingTask } from './repeat.ts';

export function startEmailSender(flush: () => Promise<SendReport>, options: { intervalMs: number; onError(error: unknown): void; onSent?(report: SendReport): void }): RepeatingTask<SendReport> {
  return repeat(
    async () => {
      const report = await flush();
      if (report.sent + report.failed + report.cancelled + report.retried > 0) options.onSent?.(report);
      return report;
    },
    options.intervalMs,
    options.onError,
  );
}
