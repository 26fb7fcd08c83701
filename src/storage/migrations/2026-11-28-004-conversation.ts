// Frozen once landed. The conversation under stories: comments, their threads' settings,
// reports, moderation word lists, the append-only moderation log, and shared rate-limit counters.
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
  // Moderation state of each account: 'active', 'premod', 'suspended' (until a time) or 'banned'.
  await db.schema.alterTable('users').addColumn('mod_status', 'text', (c) => c.notNull().defaultTo('active')).execute();
  await db.schema.alterTable('users').addColumn('suspended_until', 'text').execute();
  await db.schema.alterTable('users').addColumn('warning', 'text').execute();
  // Optional emails, off until the reader turns them on: replies to their comments, and
  // moderators' decisions on them.
  await db.schema.alterTable('users').addColumn('notify_replies', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('notify_decisions', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // For email-change links: the new address, applied only when the link is opened.
  await db.schema.alterTable('email_tokens').addColumn('detail', 'text').execute();

  // One row per story that has been commented on or configured; created on first use.
  await db.schema
    .createTable('comment_threads')
    .addColumn('story_id', 'text', (c) => c.primaryKey().references('stories.id').onDelete('cascade'))
    // 'default' follows the site mode; 'open', 'premod' or 'closed' override it.
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('default'))
    .addColumn('slow_mode_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_count', 'integer', (c) => c.notNull().defaultTo(0))
    // Changes whenever readers would see something different: keys the cached story page.
    .addColumn('modified_at', 'text', (c) => c.notNull())
    .addCheckConstraint('comment_threads_mode', sql`mode in ('default', 'open', 'premod', 'closed')`)
    .execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('parent_id', 'text', (c) => c.references('comments.id'))
    // The top-level comment of the thread (itself for a top-level comment).
    .addColumn('root_id', 'text', (c) => c.notNull())
    // Threads show three levels: deeper replies hang under their third-level ancestor.
    .addColumn('display_parent_id', 'text')
    .addColumn('level', 'integer', (c) => c.notNull())
    // Null once the writer deletes their account: the comment stays, as "deleted account".
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    // A hash of the text as typed, normalised (case, spacing): finds repeat posts without reading bodies.
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
    // Published replies under a top-level comment, for "most replies" and "N more replies".
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('toxicity', 'real')
    // JSON list of what each moderation phase decided, with reasons: shown to moderators.
    .addColumn('decisions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('status_changed_at', 'text', (c) => c.notNull())
    .addCheckConstraint('comments_status', sql`status in ('published', 'pending', 'rejected', 'deleted')`)
    .execute();
  await db.schema.createIndex('comments_story_roots').on('comments').columns(['story_id', 'level', 'created_at', 'id']).execute();
  await db.schema.createIndex('comments_root').on('comments').columns(['root_id', 'created_at', 'id']).execute();
  // Covers the writer's-history query (rate limits, repeats, slow mode): it reads only the index.
  await db.schema.createIndex('comments_author').on('comments').columns(['author_id', 'created_at', 'fingerprint', 'story_id']).execute();
  await db.schema.createIndex('comments_queue').on('comments').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('comment_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('reporter_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Set when a moderator decides on the comment: the report is then closed.
    .addColumn('resolved_at', 'text')
    .addUniqueConstraint('comment_reports_once', ['comment_id', 'reporter_id'])
    .execute();

  await db.schema
    .createTable('moderation_words')
    .addColumn('list', 'text', (c) => c.notNull())
    .addColumn('word', 'text', (c) => c.notNull())
    // For the 'toxic' list: how much one match adds to the offline toxicity score.
    .addColumn('weight', 'real', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('moderation_words_pk', ['list', 'word'])
    .addCheckConstraint('moderation_words_list', sql`list in ('banned', 'suspect', 'toxic')`)
    .execute();

  await db.schema
    .createTable('moderation_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    // Null for the system (the pipeline, reports); the name is copied so the log outlives accounts.
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('moderation_log_at').on('moderation_log').columns(['at', 'id']).execute();

  // Append-only, enforced by the database itself: no code path, and no stray SQL, can edit it.
  if (await isPostgres(db)) {
    await sql`create function moderation_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the moderation log is append-only'; end $$`.execute(db);
    await sql`create trigger moderation_log_no_change before update or delete on moderation_log
      for each row execute function moderation_log_append_only()`.execute(db);
  } else {
    await sql`create trigger moderation_log_no_update before update on moderation_log
      begin select raise(abort, 'the moderation log is append-only'); end`.execute(db);
    await sql`create trigger moderation_log_no_delete before delete on moderation_log
      begin select raise(abort, 'the moderation log is append-only'); end`.execute(db);
  }

  // Fixed-window counters (sign-in and reset attempts) shared by every app process.
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted; restore from a backup instead.');
}
