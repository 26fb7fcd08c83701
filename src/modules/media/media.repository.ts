import type { Queryable } from '../../storage/index.ts';

export interface Rendition {
  format: 'jpeg' | 'webp';
  width: number;
  height: number;
  /** Path relative to the media directory; the web layer turns it into a URL. */
  path: string;
}

export interface MediaView {
  id: string;
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
    .select(['id', 'width', 'height', 'caption', 'credit', 'alt_text', 'rights'])
    .where('id', 'in', unique)
    .execute();
  for (const row of rows) {
    result.set(row.id, {
      id: row.id,
      width: row.width,
      height: row.height,
      caption: row.caption,
      credit: row.credit,
      altText: row.alt_text,
      rights: row.rights,
      renditions: [],
    });
  }
  const renditions = await db
    .selectFrom('media_renditions')
    .select(['media_id', 'format', 'width', 'height', 'path'])
    .where('media_id', 'in', unique)
    .orderBy('width')
    .execute();
  for (const r of renditions) {
    result.get(r.media_id)?.renditions.push({ format: r.format, width: r.width, height: r.height, path: r.path });
  }
  return result;
}
