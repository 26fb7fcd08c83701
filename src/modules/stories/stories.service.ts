// Publishing rules: create a story, revise it in place with a version history, withdraw it.
import { randomUUID } from 'node:crypto';
import { nowIso, withTransaction, type Queryable, type StoryStatus, type Tx } from '../../storage/index.ts';
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
}

export interface SavedStory {
  id: string;
  slug: string;
}

async function uniqueSlug(tx: Tx, headline: string, publishedAt: string): Promise<string> {
  const base = slugify(headline);
  const taken = await tx.selectFrom('stories').select('slug').where('slug', '=', base).executeTakeFirst();
  if (!taken) return base;
  // A repeated headline gets its date, then a counter: readable and stable.
  const dated = `${base}-${publishedAt.slice(0, 10)}`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? dated : `${dated}-${n}`;
    const row = await tx.selectFrom('stories').select('slug').where('slug', '=', candidate).executeTakeFirst();
    if (!row) return candidate;
  }
}

async function writeLinks(tx: Tx, storyId: string, draft: StoryDraft, publishedAt: string): Promise<string | null> {
  await tx.deleteFrom('story_authors').where('story_id', '=', storyId).execute();
  await tx.deleteFrom('story_topics').where('story_id', '=', storyId).execute();
  await tx.deleteFrom('story_media').where('story_id', '=', storyId).execute();

  const authorIds = new Set<string>();
  for (const author of draft.authors) {
    const saved = await ensureAuthor(tx, author);
    // A name repeated in a byline is one author, listed once.
    if (authorIds.has(saved.id)) continue;
    authorIds.add(saved.id);
    await tx
      .insertInto('story_authors')
      .values({ story_id: storyId, author_id: saved.id, position: authorIds.size - 1, affiliation: author.affiliation, published_at: publishedAt })
      .execute();
  }

  let primaryTopicId: string | null = null;
  const seen = new Set<string>();
  for (const input of draft.topics) {
    const topic = await ensureTopic(tx, input);
    if (seen.has(topic.id)) continue;
    seen.add(topic.id);
    primaryTopicId ??= topic.id;
    await tx
      .insertInto('story_topics')
      .values({ story_id: storyId, topic_id: topic.id, is_primary: topic.id === primaryTopicId ? 1 : 0, published_at: publishedAt })
      .execute();
  }

  const media = [
    ...(draft.heroMediaId ? [{ id: draft.heroMediaId, role: 'hero' as const }] : []),
    ...(draft.inlineMediaIds ?? []).map((id) => ({ id, role: 'inline' as const })),
  ];
  for (const [position, item] of media.entries()) {
    await tx.insertInto('story_media').values({ story_id: storyId, media_id: item.id, role: item.role, position }).execute();
  }
  return primaryTopicId;
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
    const id = randomUUID();
    const now = nowIso();
    const slug = await uniqueSlug(tx, draft.headline, draft.publishedAt);
    const content = contentOf(draft);
    const version = draft.version ?? 1;
    await tx
      .insertInto('stories')
      .values({
        id,
        slug,
        status: draft.status ?? 'published',
        ...content,
        source_id: draft.sourceId ?? null,
        origin_guid: draft.originGuid ?? null,
        version,
        primary_topic_id: null,
        published_at: draft.publishedAt,
        updated_at: null,
        withdrawn_at: null,
        withdrawn_reason: null,
        created_at: now,
        modified_at: now,
        embargo_until: draft.embargoUntil ?? null,
      })
      .execute();
    const primaryTopicId = await writeLinks(tx, id, draft, draft.publishedAt);
    await tx.updateTable('stories').set({ primary_topic_id: primaryTopicId }).where('id', '=', id).execute();
    await recordVersion(tx, id, version, content, now);
    return { id, slug };
  });
}

/** A newer version replaces the content in place (same URL) and readers see "Updated". */
export async function reviseStory(db: Queryable, storyId: string, draft: StoryDraft, updatedAt: string): Promise<void> {
  await withTransaction(db, async (tx) => {
    const current = await tx
      .selectFrom('stories')
      .select(['published_at', 'version'])
      .where('id', '=', storyId)
      .executeTakeFirstOrThrow();
    const content = contentOf(draft);
    const version = draft.version ?? current.version + 1;
    const primaryTopicId = await writeLinks(tx, storyId, draft, current.published_at);
    await tx
      .updateTable('stories')
      .set({
        ...content,
        status: draft.status ?? 'published',
        version,
        primary_topic_id: primaryTopicId,
        updated_at: updatedAt,
        withdrawn_at: null,
        withdrawn_reason: null,
        modified_at: nowIso(),
        embargo_until: draft.embargoUntil ?? null,
      })
      .where('id', '=', storyId)
      .execute();
    await recordVersion(tx, storyId, version, content, updatedAt);
  });
}

/** Takes the story off every list; its URL answers 410 with the reason. `version` is the wire version that withdrew it. */
export async function withdrawStory(
  db: Queryable,
  storyId: string,
  options: { reason: string; at?: string; version?: number },
): Promise<void> {
  await db
    .updateTable('stories')
    .set({
      status: 'withdrawn',
      withdrawn_at: options.at ?? nowIso(),
      withdrawn_reason: options.reason,
      modified_at: nowIso(),
      ...(options.version !== undefined ? { version: options.version } : {}),
    })
    .where('id', '=', storyId)
    .execute();
}

/** Keeps a story off the site (held, embargoed, withheld) without touching its content. */
export async function setStoryStatus(db: Queryable, storyId: string, status: StoryStatus, version?: number): Promise<void> {
  await db
    .updateTable('stories')
    .set({ status, modified_at: nowIso(), ...(version !== undefined ? { version } : {}) })
    .where('id', '=', storyId)
    .execute();
}

/** A public correction note, shown with its date on the story page. */
export async function addCorrection(db: Queryable, storyId: string, version: number, note: string, at: string): Promise<void> {
  await db
    .insertInto('story_corrections')
    .values({ story_id: storyId, version, noted_at: at, note })
    .onConflict((oc) => oc.columns(['story_id', 'version']).doNothing())
    .execute();
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
      return true;
    });
    if (claimed) released.push(story.id);
  }
  return released;
}

async function recordVersion(
  tx: Tx,
  storyId: string,
  version: number,
  content: ReturnType<typeof contentOf>,
  recordedAt: string,
): Promise<void> {
  await tx
    .insertInto('story_versions')
    .values({
      story_id: storyId,
      version,
      headline: content.headline,
      standfirst: content.standfirst,
      dateline: content.dateline,
      body_html: content.body_html,
      recorded_at: recordedAt,
    })
    .onConflict((oc) => oc.columns(['story_id', 'version']).doNothing())
    .execute();
}

export async function findStoryByOrigin(
  db: Queryable,
  sourceId: string,
  guid: string,
): Promise<{ id: string; slug: string; version: number; status: string } | null> {
  return (
    (await db
      .selectFrom('stories')
      .select(['id', 'slug', 'version', 'status'])
      .where('source_id', '=', sourceId)
      .where('origin_guid', '=', guid)
      .executeTakeFirst()) ?? null
  );
}
