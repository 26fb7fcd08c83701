// The desk migration rebuilds two tables on SQLite (a CHECK constraint cannot be altered there):
// run against a database that already holds a story, its version, its thread, an account and a
// session, nothing is lost and the rows that point at them still do.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrateTo } from '../../src/storage/migrator.ts';
import { migrateToLatest } from '../../src/storage/index.ts';
import { createTestDatabase, DIALECTS, skipReason, type TestDatabase } from '../helpers/databases.ts';

const AT = '2026-11-30T12:00:00.000Z';

for (const dialect of DIALECTS) {
  describe(`the desk migration on a database with content [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect, { migrate: false });
      const db = database.handle.db;
      await migrateTo(db, '2026-11-28-005-comment-indexes');
      await sql`insert into stories (id, slug, status, headline, body_html, version, published_at, created_at, modified_at)
        values ('s1', 'river-rises', 'held', 'River rises', '<p>Water.</p>', 1, ${AT}, ${AT}, ${AT})`.execute(db);
      await sql`insert into story_versions (story_id, version, headline, body_html, recorded_at) values ('s1', 1, 'River rises', '<p>Water.</p>', ${AT})`.execute(db);
      await sql`insert into comment_threads (story_id, modified_at) values ('s1', ${AT})`.execute(db);
      await sql`insert into users (id, email, display_name, password_hash, role, created_at) values ('u1', 'ed@example.org', 'Ed Itor', 'x', 'editor', ${AT})`.execute(db);
      await sql`insert into sessions (token_sha256, user_id, created_at, expires_at) values ('t1', 'u1', ${AT}, ${AT})`.execute(db);
      await migrateToLatest(db);
    });
    after(() => database?.destroy());

    it('keeps every row, and the rows that point at the rebuilt tables', async () => {
      const db = database.handle.db;
      assert.deepEqual(await db.selectFrom('stories').select(['id', 'status', 'headline']).execute(), [{ id: 's1', status: 'held', headline: 'River rises' }]);
      assert.equal((await db.selectFrom('story_versions').selectAll().execute()).length, 1);
      assert.equal((await db.selectFrom('comment_threads').selectAll().execute()).length, 1);
      assert.deepEqual(await db.selectFrom('sessions').select('user_id').execute(), [{ user_id: 'u1' }]);
    });

    it('takes the new statuses and role, and still refuses values outside them', async () => {
      const db = database.handle.db;
      await db.updateTable('stories').set({ status: 'spiked' }).where('id', '=', 's1').execute();
      await db.updateTable('users').set({ role: 'reporter' }).where('id', '=', 'u1').execute();
      await assert.rejects(sql`update stories set status = 'lost' where id = 's1'`.execute(db));
      await assert.rejects(sql`update users set role = 'owner' where id = 'u1'`.execute(db));
    });

    it('still cascades a deleted story to its rows, and keeps the desk log append-only', async () => {
      const db = database.handle.db;
      await db.insertInto('desk_log').values({ id: 'l1', at: AT, actor_id: 'u1', actor_name: 'Ed Itor', action: 'spike', story_id: 's1', version: 1, detail: null }).execute();
      await assert.rejects(db.deleteFrom('desk_log').execute());
      await db.deleteFrom('stories').where('id', '=', 's1').execute();
      assert.equal((await db.selectFrom('story_versions').selectAll().execute()).length, 0);
      assert.equal((await db.selectFrom('comment_threads').selectAll().execute()).length, 0);
    });
  });
}
