// What bin/masthead.js runs: the command named on the command line, its status as the exit code.
import { runMain } from './main.ts';

// Output piped into `head` and closed early must not stop an ingest half-way: the work goes on,
// the rest of the output is dropped.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const code = await runMain(process.argv.slice(2));
// -1: the command keeps running (serve) and exits on its own.
if (code >= 0) process.exitCode = code;
