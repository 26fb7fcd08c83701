// Publishing rules: create a story, revise it in place with a version history, withdraw it.
import type { Insertable } from 'kysely';
import { indexStories } from '../search/index.ts';
import { nowIso, timeOrderedId, withTransaction, type Database, type Queryable, type Tx } from '../../storage/index.ts';
import type { StoryStatus } from './domain.ts';
import { ensureAuthor } from '../authors/index.ts';
import { ensureTopic, type TopicInput } from '../topics/index.ts';
import { sanitizeWireHtml, slugify, type BylineAuthor } from '../text/index.ts';

export interface StoryDraft {
  headline: string;
  standfirst?: string | null;
  /** e.g. "(MNS)" or "KESTREL FALLS"; rendered before the body with an em dash. */
  dateline?: string | null;
  /** Any HTML; it is sanitized with the wire allow-list before it is stored. */
  bodyHtml: string;
  rightsLine?: string | null;
  sourceId?: string | null;
  originGuid?: string | null;
  originUrl?: string | null;
  authors: BylineAuthor[];
  /** The first topic is the story's primary (followable) topic. */
  topics: TopicInput[];
  heroMediaId?: string | null;
  inlineMediaIds?: string[];
  publishedAt: string;
  version?: number;
  /** 'published' (the default) or a status that keeps the story off the site, e.g. 'held'. */
  status?: StoryStatus;
  /** With status 'embargoed': when the release job may publish it. */
  embargoUntil?: string | null;
  /** Hash of the wire item's text (see stories.origin_hash). */
  originHash?: string | null;
  /** The wire's urgency (1 most urgent to 9). */
  urgency?: number | null;
  /** Ranks of the wire copies that set the story's standing and gave its text (ingest/copy-rank.ts). */
  wireRank?: string | null;
  wireTextRank?: string | null;
  /**
   * A revision that changes only the text: the story keeps its status (a newer cancel or withhold
   * from the wire outranks the copy that brought the text).
   */
  keepStanding?: boolean;
  /** A new story that is already an update of an earlier publication (a wire copy versioned after it was first created). */
  updatedAt?: string | null;
}

export interface SavedStory {
  id: string;
  slug: string;
}

/** Slugs to try in turn: the headline's, then with the date, then with a counter. Readable and stable. */
function* slugCandidates(headline: string, publishedAt: string): Generator<string> {
  const base = slugify(headline);
  yield base;
  const dated = `${base}-${publishedAt.slice(0, 10)}`;
  yield dated;
  for (let n = 2; ; n++) yield `${dated}-${n}`;
}

interface ResolvedLinks {
  authors: { id: string; affiliation: string | null }[];
  /** Primary topic first. */
  topicIds: string[];
  media: { id: string; role: 'hero' | 'inline' }[];
}

// Author and topic ids found in a transaction, reused by later stories in the same transaction
// (a chunk of wire items shares a few bylines and topics). Tied to the transaction object, the
// memory is gone with it, whether it committed or rolled back.
const idsByTransaction = new WeakMap<Tx, Map<string, string>>();

async function cachedId(tx: Tx, key: string, find: () => Promise<{ id: string }>): Promise<string> {
  let ids = idsByTransaction.get(tx);
  if (!ids) idsByTransaction.set(tx, (ids = new Map()));
  const known = ids.get(key);
  if (known) return known;
  const { id } = await find();
  ids.set(key, id);
  return id;
}

/** Finds or creates the draft's authors and topics; a name repeated in a byline counts once. */
async function resolveLinks(tx: Tx, draft: StoryDraft): Promise<ResolvedLinks> {
  const authors: ResolvedLinks['authors'] = [];
  for (const author of draft.authors) {
    const id = await cachedId(tx, `author:${slugify(author.name)}`, () => ensureAuthor(tx, author));
    if (!authors.some((a) => a.id === id)) authors.push({ id, affiliation: author.affiliation });
  }
  const topicIds: string[] = [];
  for (const input of draft.topics) {
    const id = await cachedId(tx, `topic:${input.slug ?? slugify(input.name)}`, () => ensureTopic(tx, input));
    if (!topicIds.includes(id)) topicIds.push(id);
  }
  const media = [
    ...(draft.heroMediaId ? [{ id: draft.heroMediaId, role: 'hero' as const }] : []),
    ...(draft.inlineMediaIds ?? []).map((id) => ({ id, role: 'inline' as const })),
  ];
  return { authors, topicIds, media };
}

type Row<T extends keyof Database> = Insertable<Database[T]>;

/** The rows that tie a story to its authors, topics and media, and record one of its versions. */
interface StoryRows {
  story_authors: Row<'story_authors'>[];
  story_topics: Row<'story_topics'>[];
  story_media: Row<'story_media'>[];
  story_versions: Row<'story_versions'>[];
}

const noRows = (): StoryRows => ({ story_authors: [], story_topics: [], story_media: [], story_versions: [] });

function linkRows(storyId: string, links: ResolvedLinks, publishedAt: string): Omit<StoryRows, 'story_versions'> {
  return {
    story_authors: links.authors.map((a, position) => ({ story_id: storyId, author_id: a.id, position, affiliation: a.affiliation, published_at: publishedAt })),
    story_topics: links.topicIds.map((topicId, i) => ({ story_id: storyId, topic_id: topicId, is_primary: i === 0 ? 1 : 0, published_at: publishedAt })),
    story_media: links.media.map((m, position) => ({ story_id: storyId, media_id: m.id, role: m.role, position })),
  };
}

function versionRow(storyId: string, version: number, content: ReturnType<typeof contentOf>, recordedAt: string): Row<'story_versions'> {
  return { story_id: storyId, version, headline: content.headline, standfirst: content.standfirst, dateline: content.dateline, body_html: content.body_html, recorded_at: recordedAt };
}

// Well under either engine's limit on bound parameters (7 columns at most).
const ROWS_PER_INSERT = 500;

/** One insert per table (in slices), in an order the foreign keys accept. */
async function insertRows(tx: Tx, rows: StoryRows): Promise<void> {
  const each = async <T extends keyof StoryRows>(table: T, write: (slice: StoryRows[T]) => Promise<unknown>) => {
    for (let i = 0; i < rows[table].length; i += ROWS_PER_INSERT) await write(rows[table].slice(i, i + ROWS_PER_INSERT) as StoryRows[T]);
  };
  await each('story_authors', (slice) => tx.insertInto('story_authors').values(slice).execute());
  await each('story_topics', (slice) => tx.insertInto('story_topics').values(slice).execute());
  await each('story_media', (slice) => tx.insertInto('story_media').values(slice).execute());
  await each('story_versions', (slice) => tx.insertInto('story_versions').values(slice).onConflict((oc) => oc.columns(['story_id', 'version']).doNothing()).execute());
}

// Rows of stories created inside `batchStoryRows`, waiting to be written together.
const pendingByTransaction = new WeakMap<Tx, StoryRows>();

// Stories changed inside `batchStoryRows`, indexed for search once their rows are written.
const searchPendingByTransaction = new WeakMap<Tx, Set<string>>();

/** Writes the rows a batch is holding back; anything that reads or replaces them calls this first. */
async function flushPending(tx: Tx): Promise<void> {
  const pending = pendingByTransaction.get(tx);
  if (!pending) return;
  pendingByTransaction.set(tx, noRows());
  await insertRows(tx, pending);
  const changed = searchPendingByTransaction.get(tx);
  if (changed && changed.size > 0) {
    searchPendingByTransaction.set(tx, new Set());
    await indexStories(tx, [...changed]);
  }
}

/**
 * Every transaction that changes a story (its text, links, pictures, status or stamp) ends by
 * calling this, so the search index commits with the change (decision 0020). Inside a batch the
 * stories are indexed together when the batch writes its rows.
 */
export async function storiesChanged(tx: Tx, storyIds: readonly string[]): Promise<void> {
  const waiting = searchPendingByTransaction.get(tx);
  if (waiting && pendingByTransaction.has(tx)) {
    for (const id of storyIds) waiting.add(id);
    return;
  }
  await indexStories(tx, storyIds);
}

/**
 * Runs `work` with the bylines, topics, media links and first versions of the stories it
 * creates in `tx` held back, then writes them with one insert per table. A chunk of wire items
 * then costs one statement per story instead of four or five; on PostgreSQL each statement is a
 * round trip, most of an item's cost. Revising a story in the same transaction writes the held
 * rows first, so nothing replaces rows that are not written yet.
 */
export async function batchStoryRows<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  pendingByTransaction.set(tx, noRows());
  searchPendingByTransaction.set(tx, new Set());
  try {
    const value = await work();
    await flushPending(tx);
    return value;
  } finally {
    pendingByTransaction.delete(tx);
    searchPendingByTransaction.delete(tx);
  }
}

/** Writes the story's bylines, topics and media; `replace` clears old links first. */
async function writeLinks(tx: Tx, storyId: string, links: ResolvedLinks, publishedAt: string, replace: boolean): Promise<void> {
  if (replace) {
    await tx.deleteFrom('story_authors').where('story_id', '=', storyId).execute();
    await tx.deleteFrom('story_topics').where('story_id', '=', storyId).execute();
    await tx.deleteFrom('story_media').where('story_id', '=', storyId).execute();
  }
  await insertRows(tx, { ...linkRows(storyId, links, publishedAt), story_versions: [] });
}

function contentOf(draft: StoryDraft) {
  return {
    headline: draft.headline.trim(),
    standfirst: draft.standfirst?.trim() || null,
    dateline: draft.dateline?.trim() || null,
    body_html: sanitizeWireHtml(draft.bodyHtml),
    rights_line: draft.rightsLine?.trim() || null,
    origin_url: draft.originUrl ?? null,
  };
}

export async function createStory(db: Queryable, draft: StoryDraft): Promise<SavedStory> {
  return withTransaction(db, async (tx) => {
    const id = timeOrderedId();
    const now = nowIso();
    const content = contentOf(draft);
    const version = draft.version ?? 1;
    const links = await resolveLinks(tx, draft);
    const row = {
        id,
        status: draft.status ?? 'published',
        ...content,
        source_id: draft.sourceId ?? null,
        origin_guid: draft.originGuid ?? null,
        version,
        primary_topic_id: links.topicIds[0] ?? null,
        published_at: draft.publishedAt,
        updated_at: draft.updatedAt && draft.updatedAt > draft.publishedAt ? draft.updatedAt : null,
        withdrawn_at: null,
        withdrawn_reason: null,
        created_at: now,
        modified_at: now,
        embargo_until: draft.embargoUntil ?? null,
        origin_hash: draft.originHash ?? null,
        wire_version: draft.sourceId ? version : null,
        urgency: draft.urgency ?? null,
        wire_rank: draft.wireRank ?? null,
        wire_text_rank: draft.wireTextRank ?? null,
      };
    // The insert itself claims the slug: a taken one inserts nothing and the next is tried.
    let slug = '';
    for (const candidate of slugCandidates(draft.headline, draft.publishedAt)) {
      const inserted = await tx
        .insertInto('stories')
        .values({ ...row, slug: candidate })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) {
        slug = candidate;
        break;
      }
    }
    const rows: StoryRows = { ...linkRows(id, links, draft.publishedAt), story_versions: [versionRow(id, version, content, now)] };
    const pending = pendingByTransaction.get(tx);
    if (pending) for (const table of Object.keys(rows) as (keyof StoryRows)[]) (pending[table] as unknown[]).push(...rows[table]);
    else await insertRows(tx, rows);
    await storiesChanged(tx, [id]);
    return { id, slug };
  });
}

/**
 * A newer version replaces the content in place (same URL) and readers see "Updated". The
 * story's version moves past both the wire's number and the desk's own saves.
 */
export async function reviseStory(db: Queryable, storyId: string, draft: StoryDraft, updatedAt: string): Promise<void> {
  await withTransaction(db, async (tx) => {
    await flushPending(tx);
    const current = await tx
      .selectFrom('stories')
      .select(['published_at', 'version'])
      .where('id', '=', storyId)
      .executeTakeFirstOrThrow();
    const content = contentOf(draft);
    const version = Math.max(draft.version ?? 0, current.version + 1);
    const links = await resolveLinks(tx, draft);
    await writeLinks(tx, storyId, links, current.published_at, true);
    const primaryTopicId = links.topicIds[0] ?? null;
    await tx
      .updateTable('stories')
      .set({
        ...content,
        ...(draft.keepStanding ? {} : { status: draft.status ?? 'published', withdrawn_at: null, withdrawn_reason: null, embargo_until: draft.embargoUntil ?? null }),
        version,
        primary_topic_id: primaryTopicId,
        updated_at: updatedAt,
        modified_at: nowIso(),
        origin_hash: draft.originHash ?? null,
        ...(draft.sourceId ? { wire_version: draft.version ?? version, urgency: draft.urgency ?? null } : {}),
        ...(draft.wireRank !== undefined ? { wire_rank: draft.wireRank } : {}),
        ...(draft.wireTextRank !== undefined ? { wire_text_rank: draft.wireTextRank } : {}),
      })
      .where('id', '=', storyId)
      .execute();
    await insertRows(tx, { ...noRows(), story_versions: [versionRow(storyId, version, content, updatedAt)] });
    await storiesChanged(tx, [storyId]);
  });
}

/**
 * A newer wire version of a story. When the desk has edited the story, the station's words stay
 * and the wire's wait beside them (story_wire_texts 'incoming') for an editor to accept, merge or
 * set aside; otherwise the story takes the wire's text, with its correction note if it has one.
 */
export async function reviseFromWire(db: Queryable, storyId: string, draft: StoryDraft, updatedAt: string, correction: WireCorrection | null): Promise<'applied' | 'held-for-desk'> {
  const correctionNote = correction?.note ?? null;
  return withTransaction(db, async (tx) => {
    const edited = await tx.selectFrom('story_wire_texts').select('story_id').where('story_id', '=', storyId).where('kind', '=', 'base').executeTakeFirst();
    if (!edited) {
      await reviseStory(tx, storyId, draft, updatedAt);
      if (correction) await addWireCorrection(tx, storyId, correction);
      return 'applied';
    }
    const content = contentOf(draft);
    const incoming = {
      wire_version: draft.version ?? 0,
      headline: content.headline,
      standfirst: content.standfirst,
      dateline: content.dateline,
      body_html: content.body_html,
      rights_line: content.rights_line,
      correction_note: correctionNote,
      received_at: updatedAt,
    };
    await tx
      .insertInto('story_wire_texts')
      .values({ story_id: storyId, kind: 'incoming', ...incoming })
      .onConflict((oc) => oc.columns(['story_id', 'kind']).doUpdateSet(incoming))
      .execute();
    // The text waits; what the wire says about the story's standing does not (a withhold lifted,
    // a new embargo), as for copy nobody edited.
    await tx
      .updateTable('stories')
      .set({
        wire_version: draft.version ?? null,
        urgency: draft.urgency ?? null,
        origin_hash: draft.originHash ?? null,
        ...(draft.keepStanding ? {} : { status: draft.status ?? 'published', embargo_until: draft.embargoUntil ?? null, withdrawn_at: null, withdrawn_reason: null }),
        ...(draft.wireRank !== undefined ? { wire_rank: draft.wireRank } : {}),
        ...(draft.wireTextRank !== undefined ? { wire_text_rank: draft.wireTextRank } : {}),
        modified_at: nowIso(),
      })
      .where('id', '=', storyId)
      .execute();
    await storiesChanged(tx, [storyId]);
    return 'held-for-desk';
  });
}

/** Takes the story off every list; its URL answers 410 with the reason. `version` is the wire version that withdrew it. */
export async function withdrawStory(
  db: Queryable,
  storyId: string,
  options: { reason: string; at?: string; version?: number; wireRank?: string },
): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx
      .updateTable('stories')
      .set({
        status: 'withdrawn',
        withdrawn_at: options.at ?? nowIso(),
        withdrawn_reason: options.reason,
        modified_at: nowIso(),
        ...(options.version !== undefined ? { wire_version: options.version } : {}),
        ...(options.wireRank !== undefined ? { wire_rank: options.wireRank } : {}),
      })
      .where('id', '=', storyId)
      .execute();
    // A waiting wire version of a withdrawn story can never be taken.
    await tx.deleteFrom('story_wire_texts').where('story_id', '=', storyId).where('kind', '=', 'incoming').execute();
    await storiesChanged(tx, [storyId]);
  });
}

/** Keeps a story off the site (held, embargoed, withheld) without touching its content; `wireVersion` is the wire version that did it. */
export async function setStoryStatus(db: Queryable, storyId: string, status: StoryStatus, wireVersion?: number, wireRank?: string): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx
      .updateTable('stories')
      .set({ status, modified_at: nowIso(), ...(wireVersion !== undefined ? { wire_version: wireVersion } : {}), ...(wireRank !== undefined ? { wire_rank: wireRank } : {}) })
      .where('id', '=', storyId)
      .execute();
    await storiesChanged(tx, [storyId]);
  });
}

/** A public correction note, shown with its date on the story page. */
export async function addCorrection(db: Queryable, storyId: string, version: number, note: string, at: string): Promise<boolean> {
  const inserted = await db
    .insertInto('story_corrections')
    .values({ story_id: storyId, version, noted_at: at, note })
    .onConflict((oc) => oc.columns(['story_id', 'version']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A wire copy's correction note. */
export interface WireCorrection {
  note: string;
  /** The copy's version (its number, or its time in minutes). */
  version: number;
  at: string;
}

/**
 * Keyed by the copy's own version (not the story's, which counts arrivals), so the story gets
 * the same notes whatever order its copies came in; a copy seen again adds nothing. True when
 * a note was added.
 */
export async function addWireCorrection(db: Queryable, storyId: string, correction: WireCorrection): Promise<boolean> {
  const same = await db.selectFrom('story_corrections').select('version').where('story_id', '=', storyId).where('version', '=', correction.version).executeTakeFirst();
  if (same) return false;
  return addCorrection(db, storyId, correction.version, correction.note, correction.at);
}

/**
 * A story first published earlier than it was dated: an older copy of it arrived after a newer
 * one. Its lists (topics, authors) are dated with it.
 */
export async function datePublishedNoLaterThan(db: Queryable, storyId: string, at: string): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    // The time it was dated from becomes the time it was updated, as it would have been in order.
    const moved = await tx
      .updateTable('stories')
      .set((eb) => ({ published_at: at, updated_at: eb.fn.coalesce('updated_at', 'published_at'), modified_at: nowIso() }))
      .where('id', '=', storyId)
      .where('published_at', '>', at)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) return false;
    await tx.updateTable('story_topics').set({ published_at: at }).where('story_id', '=', storyId).execute();
    await tx.updateTable('story_authors').set({ published_at: at }).where('story_id', '=', storyId).execute();
    await storiesChanged(tx, [storyId]);
    return true;
  });
}

/**
 * Publishes every embargoed story whose time has come. A story never public before is dated
 * from its embargo time. Safe to run from several processes at once: each story is claimed by
 * an update that only succeeds while it is still embargoed.
 */
export async function releaseEmbargoes(db: Queryable, now: string = nowIso()): Promise<string[]> {
  const due = await db
    .selectFrom('stories')
    .select(['id', 'embargo_until', 'published_at'])
    .where('status', '=', 'embargoed')
    .where('embargo_until', '<=', now)
    .execute();
  const released: string[] = [];
  for (const story of due) {
    const publishedAt = story.embargo_until && story.embargo_until > story.published_at ? story.embargo_until : story.published_at;
    const claimed = await withTransaction(db, async (tx) => {
      const result = await tx
        .updateTable('stories')
        .set({ status: 'published', published_at: publishedAt, embargo_until: null, modified_at: nowIso() })
        .where('id', '=', story.id)
        .where('status', '=', 'embargoed')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await tx.updateTable('story_topics').set({ published_at: publishedAt }).where('story_id', '=', story.id).execute();
      await tx.updateTable('story_authors').set({ published_at: publishedAt }).where('story_id', '=', story.id).execute();
      await storiesChanged(tx, [story.id]);
      return true;
    });
    if (claimed) released.push(story.id);
  }
  return released;
}

/** The pictures a story shows now: its hero and the media its body places. */
export async function storyMediaIds(db: Queryable, storyId: string): Promise<{ heroMediaId: string | null; inlineMediaIds: string[] }> {
  const rows = await db.selectFrom('story_media').select(['media_id', 'role']).where('story_id', '=', storyId).orderBy('position').execute();
  return { heroMediaId: rows.find((r) => r.role === 'hero')?.media_id ?? null, inlineMediaIds: rows.filter((r) => r.role !== 'hero').map((r) => r.media_id) };
}

export async function findStoryByOrigin(
  db: Queryable,
  sourceId: string,
  guid: string,
): Promise<{ id: string; slug: string; version: number; status: string; originHash: string | null; wireRank: string | null; wireTextRank: string | null } | null> {
  return (
    (await db
      .selectFrom('stories')
      // Wire items are ordered by the wire's version, which the desk's saves leave alone.
      .select((eb) => ['id', 'slug', eb.fn.coalesce('wire_version', 'version').as('version'), 'status', 'origin_hash as originHash', 'wire_rank as wireRank', 'wire_text_rank as wireTextRank'])
      .where('source_id', '=', sourceId)
      .where('origin_guid', '=', guid)
      .executeTakeFirst()) ?? null
  );
}
