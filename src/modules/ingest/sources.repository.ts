// Wire providers and the station's own desk, each with its rights line and canonical policy.
import { randomUUID } from 'node:crypto';
import { nowIso, type Queryable } from '../../storage/index.ts';

export interface Source {
  id: string;
  slug: string;
  name: string;
  shortName: string;
  kind: 'wire' | 'newsroom';
  defaultRights: string | null;
  canonicalPolicy: 'original' | 'self' | 'noindex';
}

export type SourceInput = Omit<Source, 'id'>;

export async function findSourceBySlug(db: Queryable, slug: string): Promise<Source | null> {
  const row = await db.selectFrom('sources').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row
    ? {
        id: row.id,
        slug: row.slug,
        name: row.name,
        shortName: row.short_name,
        kind: row.kind,
        defaultRights: row.default_rights,
        canonicalPolicy: row.canonical_policy,
      }
    : null;
}

/** Creates the source, or updates its settings when the slug exists. */
export async function upsertSource(db: Queryable, input: SourceInput): Promise<Source> {
  const existing = await findSourceBySlug(db, input.slug);
  const values = {
    name: input.name,
    short_name: input.shortName,
    kind: input.kind,
    default_rights: input.defaultRights,
    canonical_policy: input.canonicalPolicy,
  };
  if (existing) {
    await db.updateTable('sources').set(values).where('id', '=', existing.id).execute();
    return { ...input, id: existing.id };
  }
  const id = randomUUID();
  await db
    .insertInto('sources')
    .values({ id, slug: input.slug, ...values, created_at: nowIso() })
    .execute();
  return { ...input, id };
}
