// Frozen once landed. Two choices an editor makes per story: the breaking flag (a label on the
// page, and what breaking-news alerts will follow), and the canonical policy when it should differ
// from its source's (null: the source's, or 'self' for the station's own stories).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stories').addColumn('breaking', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .alterTable('stories')
    .addColumn('canonical_policy', 'text', (c) => c.check(sql`canonical_policy in ('original', 'self', 'noindex')`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stories').dropColumn('canonical_policy').execute();
  await db.schema.alterTable('stories').dropColumn('breaking').execute();
}
