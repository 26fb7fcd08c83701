// Frozen once landed. Wire copy the desk edits: the wire's own version number is kept apart from
// the story's (the station's saves add versions of their own), and the wire texts a local edit
// is measured against are kept, so a later wire version can be shown as a diff and merged
// instead of overwriting the station's words.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The version of the last wire item applied: later items are ordered against it, not against
  // the story's version, which the desk's saves move on.
  await db.schema.alterTable('stories').addColumn('wire_version', 'integer').execute();
  await sql`update stories set wire_version = version where source_id is not null`.execute(db);

  // kind 'base': the wire text the station's edit started from (present only while the story
  // carries local edits); kind 'incoming': a newer wire version waiting for the desk's choice.
  await db.schema
    .createTable('story_wire_texts')
    .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('base', 'incoming')`))
    .addColumn('wire_version', 'integer', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text')
    .addColumn('dateline', 'text')
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('rights_line', 'text')
    .addColumn('correction_note', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_wire_texts_pk', ['story_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('story_wire_texts').execute();
  await db.schema.alterTable('stories').dropColumn('wire_version').execute();
}
