import { sql, type RawBuilder } from 'kysely';
import { containsWord, decodeCursor, encodeCursor, fromJson, searchWords, jsonArrayFrom, jsonObjectFrom, type Queryable } from '../../storage/index.ts';

export interface Rendition {
  format: 'jpeg' | 'webp';
  width: number;
  height: number;
  /** Path relative to the media directory; the web layer turns it into a URL. */
  path: string;
}

export interface MediaView {
  id: string;
  /** A video's renditions are its poster picture's (none without a poster). */
  kind: 'image' | 'video';
  /** For a video: its file, relative to the media directory, and type. */
  video: { path: string; mime: string } | null;
  width: number;
  height: number;
  caption: string | null;
  credit: string | null;
  altText: string | null;
  rights: string | null;
  renditions: Rendition[];
}

/** Loads pictures with their renditions in two queries, keyed by media id. */
export async function loadMedia(db: Queryable, ids: readonly string[]): Promise<Map<string, MediaView>> {
  const result = new Map<string, MediaView>();
  if (ids.length === 0) return result;
  const unique = [...new Set(ids)];
  const rows = await db
    .selectFrom('media')
    .select(['id', 'kind', 'mime', 'original_path', 'poster_media_id', 'width', 'height', 'caption', 'credit', 'alt_text', 'rights'])
    .where('id', 'in', unique)
    .execute();
  // Where each item's renditions come from: its own, or its poster's.
  const renditionsOf = new Map<string, string[]>();
  for (const row of rows) {
    const from = row.kind === 'video' ? row.poster_media_id : row.id;
    if (from) renditionsOf.set(from, [...(renditionsOf.get(from) ?? []), row.id]);
    result.set(row.id, {
      id: row.id,
      kind: row.kind,
      video: row.kind === 'video' ? { path: row.original_path, mime: row.mime } : null,
      width: row.width,
      height: row.height,
      caption: row.caption,
      credit: row.credit,
      altText: row.alt_text,
      rights: row.rights,
      renditions: [],
    });
  }
  if (renditionsOf.size === 0) return result;
  const renditions = await db
    .selectFrom('media_renditions')
    .select(['media_id', 'format', 'width', 'height', 'path'])
    .where('media_id', 'in', [...renditionsOf.keys()])
    .orderBy('width')
    .execute();
  for (const r of renditions) {
    for (const id of renditionsOf.get(r.media_id) ?? []) result.get(id)?.renditions.push({ format: r.format, width: r.width, height: r.height, path: r.path });
  }
  return result;
}

interface MediaJson {
  id: string;
  kind: 'image' | 'video';
  mime: string;
  original_path: string;
  width: number;
  height: number;
  caption: string | null;
  credit: string | null;
  alt_text: string | null;
  rights: string | null;
  /** Nested JSON: SQLite may hand it over as text. */
  renditions: Rendition[] | string;
}

/**
 * A story's hero picture with its renditions as one JSON value, read inside the query that
 * reads the story (or a list's cards): `storyId` names the outer query's story id column.
 */
export function heroMediaJson(db: Queryable, storyId: string): RawBuilder<unknown> {
  return jsonObjectFrom(
    db,
    db
      .selectFrom('story_media as sm')
      .innerJoin('media as m', 'm.id', 'sm.media_id')
      .select(['m.id', 'm.kind', 'm.mime', 'm.original_path', 'm.width', 'm.height', 'm.caption', 'm.credit', 'm.alt_text', 'm.rights'])
      .select((eb) =>
        jsonArrayFrom(
          db,
          db
            .selectFrom('media_renditions as r')
            .select(['r.format', 'r.width', 'r.height', 'r.path'])
            // A video shows its poster's renditions.
            .where('r.media_id', '=', eb.fn.coalesce(sql.ref<string>('m.poster_media_id'), sql.ref<string>('m.id'))),
        ).as('renditions'),
      )
      .where('sm.story_id', '=', sql.ref<string>(storyId))
      .where('sm.role', '=', 'hero')
      .orderBy('sm.position')
      .limit(1),
  );
}

/** The value heroMediaJson read, as the view pages use. */
export function mediaFromJson(value: unknown): MediaView | null {
  const row = fromJson<MediaJson>(value);
  if (!row) return null;
  const renditions = fromJson<Rendition[]>(row.renditions) ?? [];
  return {
    id: row.id,
    kind: row.kind === 'video' ? 'video' : 'image',
    video: row.kind === 'video' ? { path: row.original_path, mime: row.mime } : null,
    width: Number(row.width),
    height: Number(row.height),
    caption: row.caption,
    credit: row.credit,
    altText: row.alt_text,
    rights: row.rights,
    // Smallest first, as srcset lists them; JSON aggregation keeps no order of its own.
    renditions: renditions
      .map((r) => ({ format: r.format, width: Number(r.width), height: Number(r.height), path: r.path }))
      .sort((a, b) => a.width - b.width),
  };
}

export const LIBRARY_PAGE_SIZE = 24;

export interface LibraryItem extends MediaView {
  createdAt: string;
  /** Stories showing it. */
  uses: number;
}

/** The media library, newest first, optionally only pictures whose caption or credit has all the words. */
export async function listLibrary(db: Queryable, filter: { q?: string; cursor?: string }): Promise<{ items: LibraryItem[]; next: string | null }> {
  let query = db
    .selectFrom('media as m')
    .select(['m.id', 'm.created_at'])
    .select((eb) => eb.selectFrom('story_media as sm').select((e) => e.fn.countAll<number>().as('n')).whereRef('sm.media_id', '=', 'm.id').as('uses'));
  for (const word of searchWords(filter.q)) query = query.where((eb) => eb.or([containsWord('m.caption', word), containsWord('m.credit', word)]));
  const after = filter.cursor ? decodeCursor(filter.cursor, ['time', 'id'] as const) : null;
  if (after) {
    const [at, id] = after;
    query = query.where((eb) => eb.or([eb('m.created_at', '<', at), eb.and([eb('m.created_at', '=', at), eb('m.id', '<', id)])]));
  }
  const rows = await query.orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(LIBRARY_PAGE_SIZE + 1).execute();
  const page = rows.slice(0, LIBRARY_PAGE_SIZE);
  const media = await loadMedia(db, page.map((r) => r.id));
  const items = page.flatMap((r) => {
    const view = media.get(r.id);
    return view ? [{ ...view, createdAt: r.created_at, uses: Number(r.uses ?? 0) }] : [];
  });
  const last = page[page.length - 1];
  return { items, next: rows.length > LIBRARY_PAGE_SIZE && last ? encodeCursor([last.created_at, last.id]) : null };
}

/** One picture with the stories that show it. */
export async function getLibraryItem(db: Queryable, id: string): Promise<(MediaView & { createdAt: string; stories: { id: string; headline: string; status: string }[] }) | null> {
  const row = await db.selectFrom('media').select(['id', 'created_at']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const view = (await loadMedia(db, [id])).get(id);
  if (!view) return null;
  const stories = await db.selectFrom('story_media as sm').innerJoin('stories as s', 's.id', 'sm.story_id').select(['s.id', 's.headline', 's.status']).where('sm.media_id', '=', id).orderBy('s.modified_at', 'desc').execute();
  return { ...view, createdAt: row.created_at, stories };
}
