import { randomUUID } from 'node:crypto';
import { nowIso, type Queryable } from '../../storage/index.ts';
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
