// Frozen once landed. Video joins pictures in the media library (kind, the picture shown before
// a video plays, the file's size), the library keeps an append-only log of uploads and
// descriptions (the desk log is per story; a library upload belongs to none yet), wire stories
// keep the urgency their wire gave them (1 the most urgent, as ninjs and NewsML-G2 count), and an
// author page whose address changed answers its old one with a redirect.
import { type Kysely, sql } from 'kysely';

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    await sql`select version()`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('media')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('image').check(sql`kind in ('image', 'video')`))
    .execute();
  await db.schema.alterTable('media').addColumn('poster_media_id', 'text').execute();
  await db.schema.alterTable('media').addColumn('bytes', 'integer').execute();
  await db.schema.alterTable('stories').addColumn('urgency', 'integer').execute();
  await db.schema
    .createTable('author_redirects')
    .addColumn('old_slug', 'text', (c) => c.primaryKey())
    .addColumn('author_id', 'text', (c) => c.notNull().references('authors.id').onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('media_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('media_log_at').on('media_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('media_log_actor').on('media_log').columns(['actor_id', 'at']).execute();
  if (await isPostgres(db)) {
    await sql`create function media_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the media log is append-only'; end $$`.execute(db);
    await sql`create trigger media_log_no_change before update or delete on media_log
      for each row execute function media_log_append_only()`.execute(db);
  } else {
    await sql`create trigger media_log_no_update before update on media_log
      begin select raise(abort, 'the media log is append-only'); end`.execute(db);
    await sql`create trigger media_log_no_delete before delete on media_log
      begin select raise(abort, 'the media log is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('author_redirects').execute();
  await db.schema.dropTable('media_log').execute();
  if (await isPostgres(db)) await sql`drop function media_log_append_only()`.execute(db);
  await db.schema.alterTable('stories').dropColumn('urgency').execute();
  await db.schema.alterTable('media').dropColumn('bytes').execute();
  await db.schema.alterTable('media').dropColumn('poster_media_id').execute();
  await db.schema.alterTable('media').dropColumn('kind').execute();
}
