// Receives one payload from any transport: stores it first (compressed, hashed), then parses it
// and applies every item, recording each item's outcome. Nothing received is lost: a payload is
// either applied item by item or kept with the reason it was refused.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { nowIso, timeOrderedId, type Db, type Queryable } from '../../storage/index.ts';
import { parsePayloadOffThread, PayloadRefused, type ParsedEntry } from './formats/index.ts';
import { applyWireItem, knownStory, type ItemOutcome, type ItemResult, type KnownStory, type PipelineContext } from './pipeline.ts';
import { findTombstones } from './tombstones.ts';
import type { Source } from './sources.repository.ts';
import { batchStoryRows } from '../stories/index.ts';
import type { EventBus, StoryChange } from '../events/index.ts';

export interface ReceivedPayload {
  source: Source;
  bytes: Buffer;
  transport: 'file' | 'stdin' | 'http' | 'push' | 'folder';
  /** File name or URL, for the log. */
  origin: string | null;
  fetchPicture: PipelineContext['fetchPicture'];
}

/** An item's result with its place in the payload. */
export interface ItemReport extends ItemResult {
  position: number;
}

export interface PayloadReport {
  payloadId: string;
  format: string | null;
  /** Set when the whole payload was refused (nothing in it could be read). */
  refused: string | null;
  items: ItemReport[];
}

/** Where ingest writes, and (in a running site) where it tells what changed after each commit. */
export interface IngestContext {
  db: Db;
  mediaDir: string;
  events?: EventBus;
  /** Where a running site logs what did not stop an item (a picture that could not be read). */
  log?: { warn(detail: Record<string, unknown>, message: string): void };
}

const CHANGES: Partial<Record<ItemOutcome, StoryChange>> = { created: 'created', 'held-embargo': 'created', updated: 'updated', withdrawn: 'withdrawn', withheld: 'withheld' };

export async function ingestPayload(ctx: IngestContext, received: ReceivedPayload): Promise<PayloadReport> {
  const payloadId = timeOrderedId();
  await ctx.db
    .insertInto('wire_payloads')
    .values({
      id: payloadId,
      source_id: received.source.id,
      received_at: nowIso(),
      transport: received.transport,
      origin: received.origin,
      sha256: createHash('sha256').update(received.bytes).digest('hex'),
      size_bytes: received.bytes.length,
      body_gzip_base64: gzipSync(received.bytes).toString('base64'),
      format: null,
      refused_reason: null,
    })
    .execute();

  let parsed;
  try {
    parsed = await parsePayloadOffThread(received.bytes, received.origin);
  } catch (error) {
    if (!(error instanceof PayloadRefused)) throw error;
    await ctx.db
      .updateTable('wire_payloads')
      .set({ refused_reason: error.reason, format: error.format })
      .where('id', '=', payloadId)
      .execute();
    return { payloadId, format: error.format, refused: error.reason, items: [] };
  }

  await ctx.db
    .updateTable('wire_payloads')
    .set({ format: parsed.format, item_count: parsed.entries.length })
    .where('id', '=', payloadId)
    .execute();

  const items: ItemReport[] = [];
  // Items commit in chunks: one transaction for many stories is what makes a large backfill fast.
  // A chunk that fails as a whole (or holds pictures, which may take network time) is applied
  // item by item instead, so one bad item never stops the others.
  for (let start = 0; start < parsed.entries.length; start += CHUNK) {
    const chunk = parsed.entries.slice(start, start + CHUNK).map((entry, i) => ({ entry, position: start + i }));
    const withPictures = chunk.some(({ entry }) => 'item' in entry && entry.item.pictures.length > 0);
    let reports: ItemReport[] | null = null;
    if (!withPictures && chunk.length > 1) {
      reports = await ctx.db
        .transaction()
        .execute(async (tx) => {
          const guids = chunk.flatMap(({ entry }) => ('item' in entry ? [entry.item.guid] : []));
          const known = await knownStories(tx, received.source.id, guids);
          // Tombstones matter only for items not stored yet.
          const tombstones = await findTombstones(tx, received.source.id, guids.filter((g) => known.get(g) === null));
          const done: ItemReport[] = [];
          // The chunk's new stories share one insert per table for their bylines, topics and versions.
          await batchStoryRows(tx, async () => {
            for (const { entry, position } of chunk) done.push(await applyEntry({ db: tx, mediaDir: ctx.mediaDir, fetchPicture: received.fetchPicture, known, tombstones }, received.source, entry, position));
          });
          await recordResults(tx, payloadId, done);
          return done;
        })
        .catch(() => null);
    }
    if (!reports) {
      reports = [];
      for (const { entry, position } of chunk) {
        let report: ItemReport;
        try {
          report = await applyEntry({ db: ctx.db, mediaDir: ctx.mediaDir, fetchPicture: received.fetchPicture }, received.source, entry, position);
        } catch (error) {
          report = {
            position,
            guid: 'item' in entry ? entry.item.guid : entry.guid,
            headline: 'item' in entry ? entry.item.headline || null : null,
            version: 'item' in entry ? entry.item.version : null,
            outcome: 'refused',
            storyId: null,
            slug: null,
            reason: `could not be stored: ${error instanceof Error ? error.message : String(error)}`,
            warnings: [],
          };
        }
        await recordResults(ctx.db, payloadId, [report]);
        reports.push(report);
      }
    }
    items.push(...reports);
    for (const report of reports) {
      if (report.warnings.length) ctx.log?.warn({ source: received.source.slug, payload: payloadId, origin: received.origin, guid: report.guid, headline: report.headline, outcome: report.outcome, warnings: report.warnings }, 'ingested an item with warnings');
    }
    // Every chunk is committed by now: its stories may be announced.
    for (const report of reports) {
      const change = CHANGES[report.outcome];
      if (change && report.storyId) ctx.events?.emit({ type: 'story.changed', storyId: report.storyId, change, via: 'ingest' });
    }
  }
  return { payloadId, format: parsed.format, refused: null, items };
}

const CHUNK = 100;

/** The chunk's existing stories by wire id, in one query; ids not yet stored map to null. */
async function knownStories(db: Queryable, sourceId: string, guids: string[]): Promise<Map<string, KnownStory | null>> {
  const known = new Map<string, KnownStory | null>(guids.map((g) => [g, null]));
  if (guids.length === 0) return known;
  const rows = await db
    .selectFrom('stories')
    .select((eb) => ['id', 'slug', eb.fn.coalesce('wire_version', 'version').as('version'), 'status', 'origin_guid', 'origin_hash as originHash', 'wire_rank as wireRank', 'wire_text_rank as wireTextRank'])
    .where('source_id', '=', sourceId)
    .where('origin_guid', 'in', [...new Set(guids)])
    .execute();
  for (const row of rows) {
    if (row.origin_guid) known.set(row.origin_guid, knownStory(row));
  }
  return known;
}

async function applyEntry(ctx: PipelineContext, source: Source, entry: ParsedEntry, position: number): Promise<ItemReport> {
  if ('refused' in entry) {
    return { position, guid: entry.guid, headline: null, version: null, outcome: 'refused', storyId: null, slug: null, reason: entry.refused, warnings: [] };
  }
  return { position, ...(await applyWireItem(ctx, source, entry.item)) };
}

async function recordResults(db: Queryable, payloadId: string, reports: ItemReport[]): Promise<void> {
  if (reports.length === 0) return;
  const recordedAt = nowIso();
  await db
    .insertInto('wire_item_results')
    .values(
      reports.map((report) => ({
        payload_id: payloadId,
        position: report.position,
        guid: report.guid,
        version: report.version,
        outcome: report.outcome,
        reason: report.reason,
        warnings: report.warnings.length ? JSON.stringify(report.warnings) : null,
        story_id: report.storyId,
        recorded_at: recordedAt,
      })),
    )
    .execute();
}

export interface PayloadLogEntry {
  id: string;
  source: string;
  receivedAt: string;
  transport: string;
  origin: string | null;
  format: string | null;
  sizeBytes: number;
  refusedReason: string | null;
  outcomes: Record<string, number>;
}

/** The newest payloads first, with counts of their item outcomes. */
export async function listPayloads(db: Db, limit: number): Promise<PayloadLogEntry[]> {
  const rows = await db
    .selectFrom('wire_payloads as p')
    .innerJoin('sources as s', 's.id', 'p.source_id')
    .select(['p.id', 's.slug', 'p.received_at', 'p.transport', 'p.origin', 'p.format', 'p.size_bytes', 'p.refused_reason'])
    .orderBy('p.received_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const counts = await db
    .selectFrom('wire_item_results')
    .select(['payload_id', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('payload_id', 'in', rows.map((r) => r.id))
    .groupBy(['payload_id', 'outcome'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    source: r.slug,
    receivedAt: r.received_at,
    transport: r.transport,
    origin: r.origin,
    format: r.format,
    sizeBytes: r.size_bytes,
    refusedReason: r.refused_reason,
    outcomes: Object.fromEntries(counts.filter((c) => c.payload_id === r.id).map((c) => [c.outcome, Number(c.n)])),
  }));
}

export interface PayloadItemEntry {
  position: number;
  guid: string | null;
  version: number | null;
  outcome: string;
  reason: string | null;
  warnings: string[];
  /** The story the item made or changed, as it is now. */
  headline: string | null;
  slug: string | null;
}

/** A payload's items in order, with their stories' headlines and addresses. */
export async function listPayloadItems(db: Db, payloadId: string, limit: number): Promise<{ items: PayloadItemEntry[]; total: number }> {
  const rows = await db
    .selectFrom('wire_item_results as r')
    .leftJoin('stories as s', 's.id', 'r.story_id')
    .select(['r.position', 'r.guid', 'r.version', 'r.outcome', 'r.reason', 'r.warnings', 's.headline', 's.slug'])
    .where('r.payload_id', '=', payloadId)
    .orderBy('r.position')
    .limit(limit)
    .execute();
  const counted = await db.selectFrom('wire_item_results').select((eb) => eb.fn.countAll<number>().as('n')).where('payload_id', '=', payloadId).executeTakeFirst();
  return {
    total: Number(counted?.n ?? 0),
    items: rows.map((r) => ({
      position: r.position,
      guid: r.guid,
      version: r.version,
      outcome: r.outcome,
      reason: r.reason,
      warnings: r.warnings ? (JSON.parse(r.warnings) as string[]) : [],
      headline: r.headline,
      slug: r.slug,
    })),
  };
}
