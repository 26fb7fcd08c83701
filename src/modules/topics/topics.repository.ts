import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { nowIso, withTransaction, type Queryable } from '../../storage/index.ts';
import { bumpSiteRevision } from '../settings/index.ts';
import { slugify } from '../text/index.ts';

export interface Topic {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  description: string | null;
  navPosition: number | null;
}

export interface TopicInput {
  name: string;
  slug?: string;
  parentSlug?: string;
  description?: string;
  navPosition?: number;
}

function toTopic(row: {
  id: string;
  slug: string;
  name: string;
  parent_id: string | null;
  description: string | null;
  nav_position: number | null;
}): Topic {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    parentId: row.parent_id,
    description: row.description,
    navPosition: row.nav_position,
  };
}

const COLUMNS = ['id', 'slug', 'name', 'parent_id', 'description', 'nav_position'] as const;

export async function findTopicBySlug(db: Queryable, slug: string): Promise<Topic | null> {
  const row = await db.selectFrom('topics').select(COLUMNS).where('slug', '=', slug).executeTakeFirst();
  return row ? toTopic(row) : null;
}

/** Returns the topic with this slug, creating it (and its parent) when missing. */
export async function ensureTopic(db: Queryable, input: TopicInput): Promise<Topic> {
  const slug = input.slug ?? slugify(input.name);
  const existing = await findTopicBySlug(db, slug);
  if (existing) return existing;
  const parent = input.parentSlug ? await findTopicBySlug(db, input.parentSlug) : null;
  const row = {
    id: randomUUID(),
    slug,
    name: input.name,
    parent_id: parent?.id ?? null,
    description: input.description ?? null,
    nav_position: input.navPosition ?? null,
    created_at: nowIso(),
  };
  await db.insertInto('topics').values(row).execute();
  // A topic in the navigation changes every page.
  if (row.nav_position !== null) await bumpSiteRevision(db);
  return toTopic(row);
}

/** Topics shown in the site navigation, in their configured order. */
export async function listNavTopics(db: Queryable): Promise<Topic[]> {
  const rows = await db
    .selectFrom('topics')
    .select(COLUMNS)
    .where('nav_position', 'is not', null)
    .orderBy('nav_position')
    .orderBy('name')
    .execute();
  return rows.map(toTopic);
}

/** Every topic by name: the desk's topic picker. */
export async function listAllTopics(db: Queryable): Promise<Topic[]> {
  const rows = await db.selectFrom('topics').select(COLUMNS).orderBy('name').execute();
  return rows.map(toTopic);
}

export async function listChildTopics(db: Queryable, parentId: string): Promise<Topic[]> {
  const rows = await db.selectFrom('topics').select(COLUMNS).where('parent_id', '=', parentId).orderBy('name').execute();
  return rows.map(toTopic);
}

export async function findTopicById(db: Queryable, id: string): Promise<Topic | null> {
  const row = await db.selectFrom('topics').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toTopic(row) : null;
}

/** How many places the site's menu has. */
export const NAV_PLACES = 8;

/**
 * The site's menu: these topics, in this order (the rest leave it). A topic named twice keeps
 * its first place; an unknown one is refused. Every page shows the menu, so all render again.
 */
export async function setNavigation(db: Queryable, slugs: readonly string[]): Promise<void> {
  const wanted = [...new Set(slugs.map((s) => s.trim()).filter(Boolean))];
  if (wanted.length > NAV_PLACES) throw new AppError('NAVIGATION_INVALID', `The menu has room for ${NAV_PLACES} topics.`);
  await withTransaction(db, async (tx) => {
    const rows = wanted.length ? await tx.selectFrom('topics').select(['id', 'slug']).where('slug', 'in', wanted).execute() : [];
    const missing = wanted.find((slug) => !rows.some((r) => r.slug === slug));
    if (missing) throw new AppError('TOPIC_NOT_FOUND', `There is no topic “${missing}”.`);
    await tx.updateTable('topics').set({ nav_position: null }).where('nav_position', 'is not', null).execute();
    for (const [i, slug] of wanted.entries()) await tx.updateTable('topics').set({ nav_position: i + 1 }).where('slug', '=', slug).execute();
    await bumpSiteRevision(tx);
  });
}
