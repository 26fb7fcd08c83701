// Staff author profiles: the name a staff member's bylines carry, a job title, a short bio, a
// photo and the page's address. Their own to edit, or an admin's. A profile takes over the
// author page their free-text bylines already had (same name, same address), so older stories
// link to it too. Saving renders every page again (the site revision), as bylines are everywhere.
import { AppError } from '../../errors.ts';
import { ADMIN_ROLES, type Role } from '../accounts/index.ts';
import { storeImage, loadMedia, type MediaView } from '../media/index.ts';
import { indexStoriesBy } from '../search/index.ts';
import { bumpSiteRevision } from '../settings/index.ts';
import { SLUG_PATTERN, slugify, visibleText } from '../text/index.ts';
import { nowIso, withTransaction, type Queryable, type Tx } from '../../storage/index.ts';
import { randomUUID } from 'node:crypto';

export interface ProfileActor {
  id: string;
  role: Role;
}

export interface StaffProfile {
  /** Null until the first save: the form then starts from the account's name. */
  authorId: string | null;
  name: string;
  slug: string;
  jobTitle: string;
  bio: string;
  photo: MediaView | null;
}

export interface ProfileInput {
  name: string;
  slug: string;
  jobTitle: string;
  bio: string;
}

function mayEdit(actor: ProfileActor, userId: string): void {
  if (actor.id !== userId && !ADMIN_ROLES.includes(actor.role)) throw new AppError('ROLE_REQUIRED', 'Only you, or an admin, can change your profile.');
}

export async function loadStaffProfile(db: Queryable, userId: string): Promise<StaffProfile | null> {
  const user = await db.selectFrom('users').select(['display_name']).where('id', '=', userId).executeTakeFirst();
  if (!user) return null;
  const row = await db.selectFrom('authors').select(['id', 'name', 'slug', 'job_title', 'bio', 'photo_media_id']).where('user_id', '=', userId).executeTakeFirst();
  if (!row) return { authorId: null, name: user.display_name, slug: slugify(user.display_name), jobTitle: '', bio: '', photo: null };
  const photo = row.photo_media_id ? ((await loadMedia(db, [row.photo_media_id])).get(row.photo_media_id) ?? null) : null;
  return { authorId: row.id, name: row.name, slug: row.slug, jobTitle: row.job_title ?? '', bio: row.bio ?? '', photo };
}

/** The field that is wrong and why; null when the profile can be saved. */
export function profileProblem(input: ProfileInput): { field: keyof ProfileInput; message: string } | null {
  const name = visibleText(input.name).trim();
  if (name.length < 2 || name.length > 80 || /[\p{Cc}<>]/u.test(name)) return { field: 'name', message: 'Give the byline name in 2 to 80 characters, without < or >.' };
  const slug = input.slug.trim().toLowerCase();
  if (slug !== '' && (slug.length > 80 || !SLUG_PATTERN.test(slug))) return { field: 'slug', message: 'Use lower-case letters, digits and single hyphens in the address, e.g. dana-whitfield.' };
  if (input.jobTitle.length > 100 || /[\p{Cc}]/u.test(input.jobTitle)) return { field: 'jobTitle', message: 'Keep the job title to one line of at most 100 characters.' };
  if (input.bio.length > 1000) return { field: 'bio', message: 'Keep the bio to 1,000 characters.' };
  return null;
}

async function authorRowFor(tx: Tx, userId: string, name: string, slug: string): Promise<string> {
  const own = await tx.selectFrom('authors').select('id').where('user_id', '=', userId).executeTakeFirst();
  if (own) return own.id;
  // Bylines with this name already have a page: the profile takes it over, so those stories link here.
  const byline = await tx.selectFrom('authors').select(['id', 'user_id']).where('slug', '=', slug).executeTakeFirst();
  if (byline && byline.user_id === null) {
    await tx.updateTable('authors').set({ user_id: userId }).where('id', '=', byline.id).execute();
    return byline.id;
  }
  const id = randomUUID();
  await tx.insertInto('authors').values({ id, slug: await freeSlug(tx, slug), name, affiliation: null, bio: null, created_at: nowIso(), user_id: userId, job_title: null, photo_media_id: null }).execute();
  return id;
}

async function freeSlug(tx: Tx, wanted: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? wanted : `${wanted}-${n}`;
    if (!(await tx.selectFrom('authors').select('id').where('slug', '=', candidate).executeTakeFirst())) return candidate;
  }
}

export async function saveStaffProfile(db: Queryable, actor: ProfileActor, userId: string, input: ProfileInput): Promise<{ slug: string }> {
  mayEdit(actor, userId);
  const problem = profileProblem(input);
  if (problem) throw new AppError('PROFILE_INVALID', problem.message);
  const name = visibleText(input.name).trim().replace(/\s+/g, ' ');
  const slug = input.slug.trim().toLowerCase() || slugify(name);
  return withTransaction(db, async (tx) => {
    const user = await tx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw new AppError('STAFF_NOT_FOUND', 'There is no such account.');
    const id = await authorRowFor(tx, userId, name, slug);
    const taken = await tx.selectFrom('authors').select('id').where('slug', '=', slug).where('id', '!=', id).executeTakeFirst();
    if (taken) throw new AppError('PROFILE_INVALID', 'Another author page has that address; choose another.');
    const redirected = await tx.selectFrom('author_redirects').select('author_id').where('old_slug', '=', slug).executeTakeFirst();
    if (redirected && redirected.author_id !== id) throw new AppError('PROFILE_INVALID', 'Another author page had that address; choose another.');
    // The old address keeps working: it answers with a redirect to the new one.
    const before = await tx.selectFrom('authors').select(['slug', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
    if (before.slug !== slug) {
      await tx.deleteFrom('author_redirects').where('old_slug', '=', slug).execute();
      await tx.insertInto('author_redirects').values({ old_slug: before.slug, author_id: id }).onConflict((oc) => oc.column('old_slug').doUpdateSet({ author_id: id })).execute();
    }
    await tx
      .updateTable('authors')
      .set({ name, slug, job_title: input.jobTitle.trim() || null, bio: input.bio.trim().replace(/\r\n/g, '\n') || null })
      .where('id', '=', id)
      .execute();
    await bumpSiteRevision(tx);
    // Stories are found by their bylines: a new name is searched from now on.
    if (before.name !== name) await indexStoriesBy(tx, id);
    return { slug };
  });
}

/** The profile's photo (stored as any picture is: renditions without EXIF or GPS). */
export async function setProfilePhoto(db: Queryable, mediaDir: string, actor: ProfileActor, userId: string, bytes: Buffer): Promise<void> {
  mayEdit(actor, userId);
  const profile = await loadStaffProfile(db, userId);
  if (!profile) throw new AppError('STAFF_NOT_FOUND', 'There is no such account.');
  const mediaId = await storeImage(db, mediaDir, bytes, { caption: null, credit: null, altText: profile.name, rights: null });
  await withTransaction(db, async (tx) => {
    const id = await authorRowFor(tx, userId, profile.name, profile.slug);
    await tx.updateTable('authors').set({ photo_media_id: mediaId }).where('id', '=', id).execute();
    await bumpSiteRevision(tx);
  });
}
