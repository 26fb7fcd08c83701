// A progress bar on standard error, drawn only for a person at a terminal (never into a log).
export function progress(done: number, total: number, unit: string): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${unit}`);
  if (done === total) process.stderr.write('\n');
}
