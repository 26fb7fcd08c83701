// Frozen once landed. Story tips (decision 0019): a tip's words, the source's name and contact,
// every message and every attachment's name are sealed (AES-256-GCM under a key that lives
// outside the database); what is stored in the clear is only what the inbox sorts and filters
// by. The receipt code is kept as a hash. Every look at a tip is written to an append-only log
// that outlives the tip; proof-of-work challenges are remembered until they expire, so none is
// spent twice.
import { type Kysely, sql } from 'kysely';

// SQLite has no version(); asking PostgreSQL something it lacks would abort the migration's transaction.
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
    .createTable('tips')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('receipt_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('new', 'assigned', 'in_progress', 'used', 'declined', 'duplicate', 'spam')`))
    .addColumn('spam_reason', 'text')
    .addColumn('assigned_to', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('story_id', 'text', (c) => c.references('stories.id').onDelete('set null'))
    .addColumn('duplicate_of', 'text')
    // JSON of { what, whereWhen, name, contact, consent } sealed: "key id:nonce.ciphertext.tag".
    .addColumn('sealed', 'text', (c) => c.notNull())
    // The source gave an address we may write to (the address itself is sealed).
    .addColumn('can_email', 'integer', (c) => c.notNull().defaultTo(0))
    // 1 when the browser solved the proof-of-work challenge; a tip sent with JavaScript off has 0.
    .addColumn('challenge_solved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('files', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    // The last time the source added something, for the inbox's "new from the source" mark.
    .addColumn('tipster_at', 'text')
    .execute();
  await db.schema.createIndex('tips_inbox').on('tips').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('tips_by_created').on('tips').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('tips_assigned').on('tips').columns(['assigned_to', 'created_at', 'id']).execute();
  await db.schema.createIndex('tips_closed').on('tips').columns(['closed_at']).execute();

  await db.schema
    .createTable('tip_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tip_id', 'text', (c) => c.notNull().references('tips.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('tipster', 'reply', 'note')`))
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    // A staff author's display name, copied so the thread outlives the account; null for the source.
    .addColumn('author_name', 'text')
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tip_messages_tip').on('tip_messages').columns(['tip_id', 'created_at']).execute();

  await db.schema
    .createTable('tip_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tip_id', 'text', (c) => c.notNull().references('tips.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('image', 'pdf', 'audio', 'video', 'text')`))
    .addColumn('bytes', 'integer', (c) => c.notNull())
    // JSON of { name, type } sealed: the name the source's computer gave it and the type from its bytes.
    .addColumn('sealed_meta', 'text', (c) => c.notNull())
    // The sealed file's name in the tips folder (random), and its metadata-free preview's, for pictures.
    .addColumn('stored_as', 'text', (c) => c.notNull())
    .addColumn('preview_as', 'text')
    // The source's later message the file came with; null for the files sent with the tip.
    .addColumn('message_id', 'text', (c) => c.references('tip_messages.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tip_files_tip').on('tip_files').columns(['tip_id', 'created_at']).execute();

  await db.schema
    .createTable('tip_access_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    // No foreign key: the log outlives the tip it names.
    .addColumn('tip_id', 'text', (c) => c.notNull())
    // Null for the source (through the receipt) and for the system (retention).
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    // Never tip content: a file id, a status, a person's name.
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('tip_access_log_tip').on('tip_access_log').columns(['tip_id', 'at']).execute();
  if (await isPostgres(db)) {
    await sql`create function tip_access_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the tip access log is append-only'; end $$`.execute(db);
    await sql`create trigger tip_access_log_no_change before update or delete on tip_access_log
      for each row execute function tip_access_log_append_only()`.execute(db);
  } else {
    await sql`create trigger tip_access_log_no_update before update on tip_access_log
      begin select raise(abort, 'the tip access log is append-only'); end`.execute(db);
    await sql`create trigger tip_access_log_no_delete before delete on tip_access_log
      begin select raise(abort, 'the tip access log is append-only'); end`.execute(db);
  }

  // Proof-of-work challenges already spent, until they expire.
  await db.schema
    .createTable('tip_challenges')
    .addColumn('salt', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tip_challenges').execute();
  await db.schema.dropTable('tip_access_log').execute();
  if (await isPostgres(db)) await sql`drop function if exists tip_access_log_append_only`.execute(db);
  await db.schema.dropTable('tip_files').execute();
  await db.schema.dropTable('tip_messages').execute();
  await db.schema.dropTable('tips').execute();
}
