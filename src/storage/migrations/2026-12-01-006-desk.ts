// Frozen once landed. The newsroom desk: stories the station writes itself (draft, in review,
// scheduled) and wire copy the desk spikes; the reporter role; who last changed a story; and
// the desk's append-only log of editorial actions.
import { type Kysely, sql } from 'kysely';

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    await sql`select version()`.execute(db);
    return true;
  } catch {
    return false;
  }
}

const OLD_STATUSES = `status in ('published', 'withdrawn', 'held', 'embargoed', 'withheld')`;
const NEW_STATUSES = `status in ('published', 'withdrawn', 'held', 'embargoed', 'withheld', 'draft', 'review', 'scheduled', 'spiked')`;
const OLD_ROLES = `role in ('reader', 'moderator', 'editor', 'admin')`;
const NEW_ROLES = `role in ('reader', 'reporter', 'moderator', 'editor', 'admin')`;

/**
 * SQLite cannot alter a CHECK constraint: the table is rebuilt with the new one, the way
 * SQLite's documentation sets out (new table, copy, drop, rename, indexes and triggers again),
 * with foreign keys off so the drop cascades to nothing, and checked before the commit.
 */
async function replaceSqliteCheck(db: Kysely<unknown>, table: string, from: string, to: string): Promise<void> {
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const ddl = rows[0]?.sql ?? '';
  if (!ddl.includes(from)) throw new Error(`${table} does not have the constraint ${from}`);
  const dependents = await sql<{ sql: string }>`select sql from sqlite_master where type in ('index', 'trigger') and tbl_name = ${table} and sql is not null`.execute(db);
  const rebuilt = ddl.replace(`"${table}"`, `"${table}_rebuilt"`).replace(from, to);
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      await sql.raw(rebuilt).execute(db);
      await sql.raw(`insert into "${table}_rebuilt" select * from "${table}"`).execute(db);
      await sql.raw(`drop table "${table}"`).execute(db);
      await sql.raw(`alter table "${table}_rebuilt" rename to "${table}"`).execute(db);
      for (const dependent of dependents.rows) await sql.raw(dependent.sql).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`rebuilding ${table} broke ${broken.rows.length} foreign keys`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function replaceCheck(db: Kysely<unknown>, postgres: boolean, table: string, name: string, from: string, to: string): Promise<void> {
  if (postgres) {
    await sql.raw(`alter table "${table}" drop constraint "${name}", add constraint "${name}" check (${to})`).execute(db);
  } else {
    await replaceSqliteCheck(db, table, from, to);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = await isPostgres(db);
  await replaceCheck(db, postgres, 'stories', 'stories_status', OLD_STATUSES, NEW_STATUSES);
  await replaceCheck(db, postgres, 'users', 'users_role', OLD_ROLES, NEW_ROLES);

  // When a scheduled story goes live; which account created the story and which changed it
  // last (null for the wire). Plain ids, not foreign keys: a deleted account leaves the story
  // as it was, and the desk shows "a former account"; the desk log keeps the names.
  await db.schema.alterTable('stories').addColumn('publish_at', 'text').execute();
  await db.schema.alterTable('stories').addColumn('created_by', 'text').execute();
  await db.schema.alterTable('stories').addColumn('updated_by', 'text').execute();
  await db.schema.createIndex('stories_scheduled').on('stories').columns(['status', 'publish_at']).execute();
  // The desk's list pages through every story by its last change.
  await db.schema.createIndex('stories_desk').on('stories').columns(['modified_at', 'id']).execute();
  await db.schema.createIndex('stories_desk_status').on('stories').columns(['status', 'modified_at', 'id']).execute();
  // Who saved each version.
  await db.schema.alterTable('story_versions').addColumn('saved_by', 'text').execute();

  // Every editorial action, with who, what, when and the story's version. The actor's name is
  // copied so the log still reads right after an account is deleted.
  await db.schema
    .createTable('desk_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('story_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('desk_log_at').on('desk_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('desk_log_story').on('desk_log').columns(['story_id', 'at']).execute();
  await db.schema.createIndex('desk_log_actor').on('desk_log').columns(['actor_id', 'at']).execute();
  if (postgres) {
    await sql`create function desk_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the desk log is append-only'; end $$`.execute(db);
    await sql`create trigger desk_log_no_change before update or delete on desk_log
      for each row execute function desk_log_append_only()`.execute(db);
  } else {
    await sql`create trigger desk_log_no_update before update on desk_log
      begin select raise(abort, 'the desk log is append-only'); end`.execute(db);
    await sql`create trigger desk_log_no_delete before delete on desk_log
      begin select raise(abort, 'the desk log is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = await isPostgres(db);
  await db.schema.dropTable('desk_log').execute();
  if (postgres) await sql`drop function desk_log_append_only()`.execute(db);
  await db.schema.alterTable('story_versions').dropColumn('saved_by').execute();
  await db.schema.dropIndex('stories_desk_status').execute();
  await db.schema.dropIndex('stories_desk').execute();
  await db.schema.dropIndex('stories_scheduled').execute();
  await db.schema.alterTable('stories').dropColumn('updated_by').execute();
  await db.schema.alterTable('stories').dropColumn('created_by').execute();
  await db.schema.alterTable('stories').dropColumn('publish_at').execute();
  await replaceCheck(db, postgres, 'users', 'users_role', NEW_ROLES, OLD_ROLES);
  await replaceCheck(db, postgres, 'stories', 'stories_status', NEW_STATUSES, OLD_STATUSES);
}
