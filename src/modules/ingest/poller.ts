// Polls http sources: conditional GET (ETag / Last-Modified), time and size limits, exponential
// backoff on errors. A poll is claimed by moving the source's due_at forward in one conditional
// update, so with several app processes on one database each feed is polled by exactly one.
import type { Db } from '../../storage/index.ts';
import { MAX_IMAGE_BYTES } from '../media/index.ts';
import { MAX_PAYLOAD_BYTES } from './formats/index.ts';
import { ingestPayload, type IngestContext, type PayloadReport } from './ingest.service.ts';
import { FetchRefused, httpPictureFetcher, safeFetch } from './safe-fetch.ts';
import { listSources, type Source } from './sources.repository.ts';

const MAX_BACKOFF_SECONDS = 6 * 60 * 60;

export interface PollResult {
  source: string;
  status: 'fetched' | 'not-modified' | 'failed';
  detail: string;
  report?: PayloadReport;
}

export function backoffSeconds(pollSeconds: number, failures: number): number {
  return Math.min(pollSeconds * 2 ** Math.min(failures, 20), MAX_BACKOFF_SECONDS);
}

const later = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

/** Claims the source's poll if it is due; false when another process has it or it is not due. */
async function claim(db: Db, source: Source, now: Date): Promise<{ etag: string | null; lastModified: string | null; failures: number } | null> {
  const at = now.toISOString();
  await db
    .insertInto('source_poll_state')
    .values({ source_id: source.id, due_at: at })
    .onConflict((oc) => oc.column('source_id').doNothing())
    .execute();
  const state = await db.selectFrom('source_poll_state').selectAll().where('source_id', '=', source.id).executeTakeFirstOrThrow();
  if (state.due_at > at) return null;
  const result = await db
    .updateTable('source_poll_state')
    .set({ due_at: later(now, source.pollSeconds), last_polled_at: at })
    .where('source_id', '=', source.id)
    .where('due_at', '=', state.due_at)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  return { etag: state.etag, lastModified: state.last_modified, failures: state.failures };
}

async function pollSource(ctx: IngestContext, source: Source, now: Date, timeoutMs: number): Promise<PollResult | null> {
  const claimed = await claim(ctx.db, source, now);
  if (!claimed || !source.location) return null;
  const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/json, application/xml;q=0.9, */*;q=0.5' };
  if (source.authHeader) headers.authorization = source.authHeader;
  if (claimed.etag) headers['if-none-match'] = claimed.etag;
  if (claimed.lastModified) headers['if-modified-since'] = claimed.lastModified;
  try {
    // The whole poll, body included, gets three times the silence allowed: a feed that trickles
    // a byte every few seconds is never silent for long, but is cut off here.
    const response = await safeFetch(source.location, { maxBytes: MAX_PAYLOAD_BYTES, allowPrivate: source.allowLocal, headers, timeoutMs, deadlineMs: timeoutMs * 3 });
    if (response.status === 304) {
      // Unchanged: the claim above was the only write.
      return { source: source.slug, status: 'not-modified', detail: '304' };
    }
    if (response.status !== 200) throw new FetchRefused(`${source.location} answered ${response.status}`, response.status);
    const report = await ingestPayload(ctx, {
      source,
      bytes: response.body,
      transport: 'http',
      origin: response.url,
      fetchPicture: httpPictureFetcher({ allowPrivate: source.allowLocal, maxBytes: MAX_IMAGE_BYTES }),
    });
    const etag = typeof response.headers.etag === 'string' ? response.headers.etag : null;
    const lastModified = typeof response.headers['last-modified'] === 'string' ? response.headers['last-modified'] : null;
    const detail = report.refused ? `200, refused: ${report.refused}` : `200 (${report.items.length} items)`;
    await ctx.db
      .updateTable('source_poll_state')
      .set({ etag, last_modified: lastModified, failures: 0, last_status: detail })
      .where('source_id', '=', source.id)
      .execute();
    return { source: source.slug, status: 'fetched', detail, report };
  } catch (error) {
    if (!(error instanceof FetchRefused)) throw error;
    const failures = claimed.failures + 1;
    await ctx.db
      .updateTable('source_poll_state')
      .set({ failures, last_status: error.message, due_at: later(now, backoffSeconds(source.pollSeconds, failures)) })
      .where('source_id', '=', source.id)
      .execute();
    return { source: source.slug, status: 'failed', detail: error.message };
  }
}

/** Polls every http source that is due and not claimed by another process. */
/** Sources fetched at the same time by one process. */
export const POLL_CONCURRENCY = 4;

export async function pollDueSources(
  ctx: IngestContext,
  options: { now?: Date; timeoutMs?: number } = {},
): Promise<PollResult[]> {
  const now = options.now ?? new Date();
  const sources = (await listSources(ctx.db)).filter((s) => s.transport === 'http' && s.location);
  // A few sources at once: one slow feed holds up only its own slot, never the rest
  // (security review #10.10), and the fetch deadline bounds how long it holds it.
  const results: PollResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < sources.length) {
      const source = sources[next++]!;
      const result = await pollSource(ctx, source, now, options.timeoutMs ?? 20_000);
      if (result) results.push(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(POLL_CONCURRENCY, sources.length) }, worker));
  return results;
}

/** One fetch of a URL as a source's payload (masthead ingest URL). */
export async function fetchOnce(ctx: IngestContext, source: Source, url: string): Promise<PayloadReport> {
  const headers: Record<string, string> = source.authHeader ? { authorization: source.authHeader } : {};
  const response = await safeFetch(url, { maxBytes: MAX_PAYLOAD_BYTES, allowPrivate: source.allowLocal, headers, timeoutMs: 30_000 });
  if (response.status !== 200) throw new FetchRefused(`${url} answered ${response.status}`, response.status);
  return ingestPayload(ctx, {
    source,
    bytes: response.body,
    transport: 'http',
    origin: response.url,
    fetchPicture: httpPictureFetcher({ allowPrivate: source.allowLocal, maxBytes: MAX_IMAGE_BYTES }),
  });
}

