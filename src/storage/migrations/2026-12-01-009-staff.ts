// Frozen once landed. Staff in the browser: invitations by email, accounts an admin
// deactivates, an append-only log of what admins did to staff accounts, and author profiles
// (job title, photo) tied to a staff account.
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
  // Set when an admin deactivates a staff account: it cannot sign in, and its sessions are gone.
  await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();

  // A single-use, expiring invitation to join the newsroom with a role. Only the token's hash is kept.
  await db.schema
    .createTable('staff_invites')
    .addColumn('token_sha256', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('reporter', 'moderator', 'editor', 'admin')`))
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('staff_invites_email').on('staff_invites').columns(['email']).execute();

  // Invitations, role changes, deactivations and password resets, with who did them; names are
  // copied so the log reads right after an account is deleted. Append-only, as the desk log is.
  await db.schema
    .createTable('staff_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('target_user_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('staff_log_at').on('staff_log').columns(['at', 'id']).execute();
  if (await isPostgres(db)) {
    await sql`create function staff_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the staff log is append-only'; end $$`.execute(db);
    await sql`create trigger staff_log_no_change before update or delete on staff_log
      for each row execute function staff_log_append_only()`.execute(db);
  } else {
    await sql`create trigger staff_log_no_update before update on staff_log
      begin select raise(abort, 'the staff log is append-only'); end`.execute(db);
    await sql`create trigger staff_log_no_delete before delete on staff_log
      begin select raise(abort, 'the staff log is append-only'); end`.execute(db);
  }

  // An author page that belongs to a staff member: their byline name links here.
  await db.schema.alterTable('authors').addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null')).execute();
  await db.schema.alterTable('authors').addColumn('job_title', 'text').execute();
  await db.schema.alterTable('authors').addColumn('photo_media_id', 'text', (c) => c.references('media.id').onDelete('set null')).execute();
  await db.schema.createIndex('authors_user').on('authors').columns(['user_id']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('authors_user').execute();
  await db.schema.alterTable('authors').dropColumn('photo_media_id').execute();
  await db.schema.alterTable('authors').dropColumn('job_title').execute();
  await db.schema.alterTable('authors').dropColumn('user_id').execute();
  await db.schema.dropTable('staff_log').execute();
  if (await isPostgres(db)) await sql`drop function staff_log_append_only()`.execute(db);
  await db.schema.dropTable('staff_invites').execute();
  await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
}
