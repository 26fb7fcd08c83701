// Article extraction from HTML pages runs off the main thread, in one worker kept for the
// purpose, with a time limit per page: whatever a page costs, the site keeps answering
// (/healthz included), and a page that takes too long is refused with a reason and its worker
// replaced (security review #10.1).
import { Worker } from 'node:worker_threads';
import { PayloadRefused, type ParsedPayload } from './index.ts';

/** The longest one page may take to extract. */
export const HTML_EXTRACT_TIMEOUT_MS = 10_000;

type Answer = { id: number; parsed: ParsedPayload } | { id: number; payloadRefused: { reason: string; format: string | null } } | { id: number; failed: string };

// The worker loads the TypeScript sources through tsx, as the main thread does.
const WORKER_SOURCE = `
  const { parentPort, workerData } = require('node:worker_threads');
  (async () => {
    (await import(workerData.tsx)).register();
    const { parseHtmlPayload, PayloadRefused } = await import(workerData.module);
    parentPort.on('message', ({ id, page, origin }) => {
      try {
        parentPort.postMessage({ id, parsed: parseHtmlPayload(page, origin) });
      } catch (error) {
        if (error instanceof PayloadRefused) parentPort.postMessage({ id, payloadRefused: { reason: error.reason, format: error.format } });
        else parentPort.postMessage({ id, failed: error instanceof Error ? error.message : String(error) });
      }
    });
    parentPort.postMessage({ ready: true });
  })();
`;

// Found from this file, not from the working directory (a service may start elsewhere).
const TSX_API = import.meta.resolve('tsx/esm/api');

let worker: { thread: Worker; ready: Promise<void> } | null = null;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 0;

function startWorker() {
  const thread = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: new URL('./index.ts', import.meta.url).href, tsx: TSX_API } });
  // An idle worker does not keep the process alive.
  thread.unref();
  const ready = new Promise<void>((resolve, reject) => {
    thread.once('message', () => resolve());
    thread.once('error', reject);
  });
  return { thread, ready };
}

async function extract(page: string, origin: string | null, timeoutMs: number): Promise<ParsedPayload> {
  worker ??= startWorker();
  const current = worker;
  await current.ready;
  const id = ++nextId;
  return new Promise<ParsedPayload>((resolve, reject) => {
    const timer = setTimeout(() => {
      current.thread.off('message', onMessage);
      // The page is still being worked on: the worker goes, and the next page gets a new one.
      if (worker === current) worker = null;
      void current.thread.terminate();
      reject(new PayloadRefused(`the article could not be extracted from the HTML page within ${timeoutMs / 1000} s`, 'html'));
    }, timeoutMs);
    const onMessage = (answer: Answer) => {
      if (answer.id !== id) return;
      clearTimeout(timer);
      current.thread.off('message', onMessage);
      if ('parsed' in answer) resolve(answer.parsed);
      else if ('payloadRefused' in answer) reject(new PayloadRefused(answer.payloadRefused.reason, answer.payloadRefused.format));
      else reject(new Error(`HTML extraction failed: ${answer.failed}`));
    };
    current.thread.on('message', onMessage);
    current.thread.postMessage({ id, page, origin });
  });
}

/** One page at a time through the worker, each within `timeoutMs`. */
export function extractHtmlOffThread(page: string, origin: string | null, timeoutMs = HTML_EXTRACT_TIMEOUT_MS): Promise<ParsedPayload> {
  const run = queue.then(() => extract(page, origin, timeoutMs));
  queue = run.catch(() => {});
  return run;
}
