// What the newsroom desk reads: every story with its state, one story as the editor opens it,
// its versions, and the desk log. None of it is public.
import { searchStoryIds } from '../search/index.ts';
import { decodeCursor, encodeCursor, fromJson, jsonArrayFrom, type Queryable } from '../../storage/index.ts';
import { heroMediaJson, mediaFromJson, type MediaView } from '../media/index.ts';
import type { StoryStatus } from './domain.ts';
import { STORY_STATUSES } from './domain.ts';

export const DESK_PAGE_SIZE = 50;

export interface DeskStoryRow {
  id: string;
  slug: string;
  status: StoryStatus;
  headline: string;
  sourceName: string | null;
  topicName: string | null;
  authors: string[];
  modifiedAt: string;
  publishAt: string | null;
  embargoUntil: string | null;
  version: number;
  changedBy: string | null;
  /** A wire version arrived after the desk edited the story and waits for a choice. */
  wireUpdateWaiting: boolean;
  /** The wire's urgency (1 most urgent), its latest version number, and the versions the story has had. */
  urgency: number | null;
  wireVersion: number | null;
  versionCount: number;
}

export interface DeskStoryFilter {
  status?: StoryStatus | undefined;
  /** Any of these (the wire queue: held, embargoed, withheld). */
  statuses?: readonly StoryStatus[] | undefined;
  /** Words to search for (the search index: headline, body, captions, bylines, topics), best match first. */
  q?: string | undefined;
  /** The station's own stories, or only the wire's. */
  origin?: 'local' | 'wire' | undefined;
  /** Only stories with a wire version waiting for the desk's choice. */
  wireUpdateWaiting?: boolean | undefined;
  cursor?: string | undefined;
}

export const isStoryStatus = (value: string | undefined): value is StoryStatus => (STORY_STATUSES as readonly string[]).includes(value ?? '');

/** The desk list's columns, for any selection of stories. */
function deskRows(db: Queryable) {
  return db
    .selectFrom('stories as s')
    .leftJoin('sources as src', 'src.id', 's.source_id')
    .leftJoin('topics as t', 't.id', 's.primary_topic_id')
    .leftJoin('users as u', 'u.id', 's.updated_by')
    .select(['s.id', 's.slug', 's.status', 's.headline', 's.modified_at', 's.publish_at', 's.embargo_until', 's.version', 's.urgency', 's.wire_version', 'src.name as source_name', 't.name as topic_name', 'u.display_name as changed_by'])
    .select((eb) => [
      jsonArrayFrom(db, eb.selectFrom('story_authors as sa').innerJoin('authors as a', 'a.id', 'sa.author_id').select(['a.name', 'sa.position']).whereRef('sa.story_id', '=', 's.id')).as('authors'),
      eb.exists(eb.selectFrom('story_wire_texts as w').select('w.story_id').whereRef('w.story_id', '=', 's.id').where('w.kind', '=', 'incoming')).as('wire_update'),
      eb.selectFrom('story_versions as v').select((e) => e.fn.countAll<number>().as('n')).whereRef('v.story_id', '=', 's.id').as('version_count'),
    ]);
}

type DeskRowRecord = Awaited<ReturnType<ReturnType<typeof deskRows>['execute']>>[number];

function toDeskRow(r: DeskRowRecord): DeskStoryRow {
  return {
    id: r.id,
    slug: r.slug,
    status: r.status,
    headline: r.headline,
    sourceName: r.source_name,
    topicName: r.topic_name,
    authors: (fromJson<{ name: string; position: number }[]>(r.authors) ?? []).sort((a, b) => Number(a.position) - Number(b.position)).map((a) => a.name),
    modifiedAt: r.modified_at,
    publishAt: r.publish_at,
    embargoUntil: r.embargo_until,
    version: r.version,
    changedBy: r.changed_by,
    wireUpdateWaiting: Boolean(r.wire_update),
    urgency: r.urgency,
    wireVersion: r.wire_version,
    versionCount: Number(r.version_count ?? 0),
  };
}

/**
 * Newest change first, paged by (modified_at, id) so a page costs the same at any depth; with
 * words to look for, the search index's best matches first (every status, as staff see them).
 */
export async function listDeskStories(db: Queryable, filter: DeskStoryFilter): Promise<{ items: DeskStoryRow[]; next: string | null }> {
  const words = filter.q?.trim();
  if (words) {
    const found = await searchStoryIds(db, words, {
      audience: 'staff',
      statuses: filter.status ? [filter.status] : filter.statuses,
      origin: filter.origin,
      cursor: filter.cursor,
      limit: DESK_PAGE_SIZE,
    });
    // Nothing to look for (only punctuation, only -words) finds nothing, as a word found nowhere does.
    if (!found.ok) return { items: [], next: null };
    const rows = found.ids.length > 0 ? await deskRows(db).where('s.id', 'in', found.ids).execute() : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: found.ids.flatMap((id) => (byId.has(id) ? [toDeskRow(byId.get(id)!)] : [])), next: found.next };
  }
  let query = deskRows(db);
  if (filter.status) query = query.where('s.status', '=', filter.status);
  if (filter.statuses) query = query.where('s.status', 'in', filter.statuses);
  if (filter.origin === 'local') query = query.where('s.source_id', 'is', null);
  if (filter.origin === 'wire') query = query.where('s.source_id', 'is not', null);
  if (filter.wireUpdateWaiting) query = query.where((eb) => eb.exists(eb.selectFrom('story_wire_texts as w').select('w.story_id').whereRef('w.story_id', '=', 's.id').where('w.kind', '=', 'incoming')));
  const after = filter.cursor ? decodeCursor(filter.cursor, ['time', 'id'] as const) : null;
  if (after) {
    const [at, id] = after;
    query = query.where((eb) => eb.or([eb('s.modified_at', '<', at), eb.and([eb('s.modified_at', '=', at), eb('s.id', '<', id)])]));
  }
  const rows = await query.orderBy('s.modified_at', 'desc').orderBy('s.id', 'desc').limit(DESK_PAGE_SIZE + 1).execute();
  const items = rows.slice(0, DESK_PAGE_SIZE).map(toDeskRow);
  const last = items[items.length - 1];
  return { items, next: rows.length > DESK_PAGE_SIZE && last ? encodeCursor([last.modifiedAt, last.id]) : null };
}

/** One story as the editor form shows it. */
export interface DeskStory {
  id: string;
  slug: string;
  status: StoryStatus;
  version: number;
  headline: string;
  standfirst: string;
  dateline: string;
  bodyHtml: string;
  rightsLine: string;
  authors: string[];
  outlet: string;
  topicSlugs: string[];
  sourceName: string | null;
  createdBy: string | null;
  publishAt: string | null;
  embargoUntil: string | null;
  publishedAt: string;
  withdrawnReason: string | null;
  hero: MediaView | null;
  /** Wire copy the desk has edited: later wire versions wait in `wireUpdate` instead of replacing it. */
  localEdits: boolean;
  breaking: boolean;
  /** The desk's breaking flag, or a wire urgency of 1–2: the story alerts its followers (issue #12). */
  alerts: boolean;
  canonicalPolicy: 'original' | 'self' | 'noindex' | null;
  /** The source's canonical policy, which null follows (null for the station's own stories). */
  sourceCanonicalPolicy: 'original' | 'self' | 'noindex' | null;
  wireUpdate: WireUpdate | null;
}

/** A wire version that arrived after the desk edited the story. */
export interface WireUpdate {
  wireVersion: number;
  receivedAt: string;
  headline: string;
  standfirst: string;
  dateline: string;
  bodyHtml: string;
  correctionNote: string | null;
}

export async function getDeskStory(db: Queryable, id: string): Promise<DeskStory | null> {
  const row = await db
    .selectFrom('stories as s')
    .leftJoin('sources as src', 'src.id', 's.source_id')
    .select(['s.id', 's.slug', 's.status', 's.version', 's.headline', 's.standfirst', 's.dateline', 's.body_html', 's.rights_line', 's.created_by', 's.publish_at', 's.embargo_until', 's.published_at', 's.withdrawn_reason', 's.breaking', 's.urgency', 's.canonical_policy', 'src.name as source_name', 'src.canonical_policy as source_policy'])
    .select((eb) => [
      jsonArrayFrom(db, eb.selectFrom('story_authors as sa').innerJoin('authors as a', 'a.id', 'sa.author_id').select(['a.name', 'sa.affiliation', 'sa.position']).whereRef('sa.story_id', '=', 's.id')).as('authors'),
      jsonArrayFrom(db, eb.selectFrom('story_topics as st').innerJoin('topics as t', 't.id', 'st.topic_id').select(['t.slug', 'st.is_primary']).whereRef('st.story_id', '=', 's.id')).as('topics'),
      heroMediaJson(db, 's.id').as('hero'),
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const authors = (fromJson<{ name: string; affiliation: string | null; position: number }[]>(row.authors) ?? []).sort((a, b) => Number(a.position) - Number(b.position));
  const wireTexts = await db.selectFrom('story_wire_texts').selectAll().where('story_id', '=', id).execute();
  const incoming = wireTexts.find((t) => t.kind === 'incoming');
  const topics = (fromJson<{ slug: string; is_primary: number | boolean }[]>(row.topics) ?? []).sort((a, b) => Number(b.is_primary) - Number(a.is_primary) || (a.slug < b.slug ? -1 : 1));
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    version: row.version,
    headline: row.headline,
    standfirst: row.standfirst ?? '',
    dateline: row.dateline ?? '',
    bodyHtml: row.body_html,
    rightsLine: row.rights_line ?? '',
    authors: authors.map((a) => a.name),
    outlet: authors[0]?.affiliation ?? '',
    topicSlugs: topics.map((t) => t.slug),
    sourceName: row.source_name,
    createdBy: row.created_by,
    publishAt: row.publish_at,
    embargoUntil: row.embargo_until,
    publishedAt: row.published_at,
    withdrawnReason: row.withdrawn_reason,
    hero: mediaFromJson(row.hero),
    localEdits: wireTexts.some((t) => t.kind === 'base'),
    breaking: Number(row.breaking) === 1,
    alerts: Number(row.breaking) === 1 || (row.urgency !== null && Number(row.urgency) <= 2),
    canonicalPolicy: row.canonical_policy,
    sourceCanonicalPolicy: row.source_policy,
    wireUpdate: incoming
      ? {
          wireVersion: incoming.wire_version,
          receivedAt: incoming.received_at,
          headline: incoming.headline,
          standfirst: incoming.standfirst ?? '',
          dateline: incoming.dateline ?? '',
          bodyHtml: incoming.body_html,
          correctionNote: incoming.correction_note,
        }
      : null,
  };
}

/** One line of the desk log: an action on a story (with its version), or on the media library. */
export interface DeskLogEntry {
  at: string;
  actorName: string;
  action: string;
  subject: { kind: 'story'; id: string; headline: string | null; version: number } | { kind: 'media'; id: string; caption: string | null };
  detail: string | null;
}

/**
 * The desk log, newest first, for the whole desk, one story, or one person's actions: the
 * stories' log and the media library's, merged by time (one story's log has no library lines).
 */
export async function listDeskLog(db: Queryable, options: { storyId?: string; actorId?: string; limit?: number } = {}): Promise<DeskLogEntry[]> {
  const limit = options.limit ?? 100;
  let stories = db
    .selectFrom('desk_log as l')
    .leftJoin('stories as s', 's.id', 'l.story_id')
    .select(['l.id', 'l.at', 'l.actor_name', 'l.action', 'l.story_id', 's.headline', 'l.version', 'l.detail']);
  if (options.storyId) stories = stories.where('l.story_id', '=', options.storyId);
  if (options.actorId) stories = stories.where('l.actor_id', '=', options.actorId);
  const storyRows = await stories.orderBy('l.at', 'desc').orderBy('l.id', 'desc').limit(limit).execute();
  const entries: (DeskLogEntry & { id: string })[] = storyRows.map((r) => ({
    id: r.id,
    at: r.at,
    actorName: r.actor_name,
    action: r.action,
    subject: { kind: 'story', id: r.story_id, headline: r.headline, version: r.version },
    detail: r.detail,
  }));
  if (!options.storyId) {
    let media = db.selectFrom('media_log as l').leftJoin('media as m', 'm.id', 'l.media_id').select(['l.id', 'l.at', 'l.actor_name', 'l.action', 'l.media_id', 'm.caption', 'l.detail']);
    if (options.actorId) media = media.where('l.actor_id', '=', options.actorId);
    for (const r of await media.orderBy('l.at', 'desc').orderBy('l.id', 'desc').limit(limit).execute()) {
      entries.push({ id: r.id, at: r.at, actorName: r.actor_name, action: r.action, subject: { kind: 'media', id: r.media_id, caption: r.caption }, detail: r.detail });
    }
  }
  entries.sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
  return entries.slice(0, limit).map(({ id: _id, ...entry }) => entry);
}

export interface StoryVersionRow {
  version: number;
  headline: string;
  recordedAt: string;
  savedBy: string | null;
}

export async function listStoryVersions(db: Queryable, storyId: string): Promise<StoryVersionRow[]> {
  const rows = await db
    .selectFrom('story_versions as v')
    .leftJoin('users as u', 'u.id', 'v.saved_by')
    .select(['v.version', 'v.headline', 'v.recorded_at', 'u.display_name'])
    .where('v.story_id', '=', storyId)
    .orderBy('v.version', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ version: r.version, headline: r.headline, recordedAt: r.recorded_at, savedBy: r.display_name }));
}

export interface PublicCorrection {
  notedAt: string;
  note: string;
  storySlug: string;
  headline: string;
}

export const CORRECTIONS_PAGE_SIZE = 50;

/** Every correction and clarification on a published story, newest first (the public /corrections page). */
export async function listCorrections(db: Queryable, cursor?: string): Promise<{ items: PublicCorrection[]; next: string | null }> {
  let query = db
    .selectFrom('story_corrections as c')
    .innerJoin('stories as s', 's.id', 'c.story_id')
    .select(['c.noted_at', 'c.note', 'c.story_id', 's.slug', 's.headline'])
    .where('s.status', '=', 'published');
  const after = cursor ? decodeCursor(cursor, ['time', 'id'] as const) : null;
  if (after) {
    const [at, id] = after;
    query = query.where((eb) => eb.or([eb('c.noted_at', '<', at), eb.and([eb('c.noted_at', '=', at), eb('c.story_id', '<', id)])]));
  }
  const rows = await query.orderBy('c.noted_at', 'desc').orderBy('c.story_id', 'desc').limit(CORRECTIONS_PAGE_SIZE + 1).execute();
  const page = rows.slice(0, CORRECTIONS_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ notedAt: r.noted_at, note: r.note, storySlug: r.slug, headline: r.headline })),
    next: rows.length > CORRECTIONS_PAGE_SIZE && last ? encodeCursor([last.noted_at, last.story_id]) : null,
  };
}

export interface StoryVersionText {
  version: number;
  headline: string;
  standfirst: string | null;
  bodyHtml: string;
  recordedAt: string;
}

export async function getStoryVersion(db: Queryable, storyId: string, version: number): Promise<StoryVersionText | null> {
  const row = await db.selectFrom('story_versions').select(['version', 'headline', 'standfirst', 'body_html', 'recorded_at']).where('story_id', '=', storyId).where('version', '=', version).executeTakeFirst();
  return row ? { version: row.version, headline: row.headline, standfirst: row.standfirst, bodyHtml: row.body_html, recordedAt: row.recorded_at } : null;
}

/** Everyone who has acted on the desk and still has an account, for the log's filter. */
export async function listDeskActors(db: Queryable): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('users as u')
    .select(['u.id', 'u.display_name'])
    .where((eb) => eb.or([eb.exists(eb.selectFrom('desk_log as l').select('l.id').whereRef('l.actor_id', '=', 'u.id')), eb.exists(eb.selectFrom('media_log as l').select('l.id').whereRef('l.actor_id', '=', 'u.id'))]))
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}
