import { randomUUID } from 'node:crypto';
import { nowIso, type Queryable } from '../../storage/index.ts';
import { slugify } from '../text/index.ts';

export interface Author {
  id: string;
  slug: string;
  name: string;
  affiliation: string | null;
  bio: string | null;
}

const COLUMNS = ['id', 'slug', 'name', 'affiliation', 'bio'] as const;

export async function findAuthorBySlug(db: Queryable, slug: string): Promise<Author | null> {
  return (await db.selectFrom('authors').select(COLUMNS).where('slug', '=', slug).executeTakeFirst()) ?? null;
}

/** One author per name: the same reporter on several stories gets one page. */
export async function ensureAuthor(
  db: Queryable,
  input: { name: string; affiliation: string | null; bio?: string | null },
): Promise<Author> {
  const slug = slugify(input.name);
  const existing = await findAuthorBySlug(db, slug);
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
