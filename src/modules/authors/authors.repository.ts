import { randomUUID } from 'node:crypto';
import { nowIso, type Queryable } from '../../storage/index.ts';
import { slugify } from '../text/index.ts';
import { loadMedia, type MediaView } from '../media/index.ts';

export interface Author {
  id: string;
  slug: string;
  name: string;
  affiliation: string | null;
  bio: string | null;
}

/** An author page: the byline's author, and for staff their profile (job title, photo). */
export interface AuthorProfile extends Author {
  jobTitle: string | null;
  photo: MediaView | null;
  /** A staff member's own page (not a wire or free-text byline). */
  staff: boolean;
}

const COLUMNS = ['id', 'slug', 'name', 'affiliation', 'bio'] as const;

async function findAuthor(db: Queryable, slug: string): Promise<Author | null> {
  return (await db.selectFrom('authors').select(COLUMNS).where('slug', '=', slug).executeTakeFirst()) ?? null;
}

export async function findAuthorBySlug(db: Queryable, slug: string): Promise<AuthorProfile | null> {
  const row = await db.selectFrom('authors').select([...COLUMNS, 'job_title', 'photo_media_id', 'user_id']).where('slug', '=', slug).executeTakeFirst();
  if (!row) return null;
  const photo = row.photo_media_id ? ((await loadMedia(db, [row.photo_media_id])).get(row.photo_media_id) ?? null) : null;
  return { id: row.id, slug: row.slug, name: row.name, affiliation: row.affiliation, bio: row.bio, jobTitle: row.job_title, photo, staff: row.user_id !== null };
}

/** Where an author page that had this address is now (its slug), or null. */
export async function findAuthorRedirect(db: Queryable, oldSlug: string): Promise<string | null> {
  const row = await db.selectFrom('author_redirects as r').innerJoin('authors as a', 'a.id', 'r.author_id').select('a.slug').where('r.old_slug', '=', oldSlug).executeTakeFirst();
  return row?.slug ?? null;
}

/** One author per name: the same reporter on several stories gets one page. */
export async function ensureAuthor(
  db: Queryable,
  input: { name: string; affiliation: string | null; bio?: string | null },
): Promise<Author> {
  const slug = slugify(input.name);
  // A staff profile answers to its byline name even when its page has another address.
  const existing =
    (await findAuthor(db, slug)) ?? ((await db.selectFrom('authors').select(COLUMNS).where('name', '=', input.name).where('user_id', 'is not', null).executeTakeFirst()) ?? null);
  if (existing) {
    if (input.bio && input.bio !== existing.bio) {
      await db.updateTable('authors').set({ bio: input.bio }).where('id', '=', existing.id).execute();
      return { ...existing, bio: input.bio };
    }
    return existing;
  }
  const author: Author = {
    id: randomUUID(),
    slug,
    name: input.name,
    affiliation: input.affiliation,
    bio: input.bio ?? null,
  };
  await db
    .insertInto('authors')
    .values({ ...author, created_at: nowIso() })
    .execute();
  return author;
}

/** The byline names of staff with a profile, for the story editor's byline hint. */
export async function listStaffAuthorNames(db: Queryable): Promise<string[]> {
  const rows = await db.selectFrom('authors as a').innerJoin('users as u', 'u.id', 'a.user_id').select('a.name').where('u.deactivated_at', 'is', null).orderBy('a.name').execute();
  return rows.map((r) => r.name);
}
