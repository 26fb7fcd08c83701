// The outbox across a kill -9, on both engines (two app processes on PostgreSQL): messages are
// queued, `masthead serve` sends them to a real SMTP server on loopback, the sending process is
// killed mid-stream, and after a restart every message arrives. The one message that may arrive
// twice is one in flight at the kill, and it arrives under the same Message-ID (decision 0016).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { queueEmail } from '../../src/modules/notify/index.ts';
import { createTestDatabase, DIALECTS, skipReason, type TestDatabase } from '../helpers/databases.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

const MESSAGES = 400;

for (const dialect of DIALECTS) {
  describe(`the outbox survives a kill -9 [${dialect}]`, { skip: skipReason(dialect), timeout: 180_000 }, () => {
    let database: TestDatabase;
    let sink: SmtpSink;
    const servers: ServerProcess[] = [];
    before(async () => {
      database = await createTestDatabase(dialect);
      // Slow enough that the kill lands while messages are still going out.
      sink = await startSmtpSink({ delayMs: 20 });
    });
    after(async () => {
      for (const server of servers) await server.stop().catch(() => {});
      await sink?.close();
      await database?.destroy();
    });

    it('sends every queued message after a restart, none twice except under its own Message-ID', async (t) => {
      const db = database.handle.db;
      const env = {
        DATABASE_URL: database.database.kind === 'sqlite' ? `sqlite:${database.database.file}` : database.database.url,
        MASTHEAD_DATA_DIR: database.dir,
        SMTP_URL: sink.url,
        PUBLIC_URL: 'http://news.test',
        MASTHEAD_EMAIL_INTERVAL_MS: '100',
        // A dead process's rows are free again after 1.5 s.
        MASTHEAD_EMAIL_LEASE_MS: '1500',
      };
      const first = await startServerProcess(env);
      servers.push(first);
      // On PostgreSQL a second process shares the queue from the start.
      if (dialect === 'postgres') servers.push(await startServerProcess(env));
      await db.transaction().execute(async (tx) => {
        for (let i = 0; i < MESSAGES; i++) await queueEmail(tx, { key: `account.verify:crash-${i}`, to: `reader${i}@example.org`, template: 'account.verify', data: { name: `Reader ${i}`, token: `token-${i}` } });
      });
      await sink.waitFor(40);
      assert.ok(sink.messages.length < MESSAGES, 'the kill comes mid-stream');
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      const atKill = sink.messages.length;
      servers.push(await startServerProcess(env));

      const until = Date.now() + 90_000;
      let left = MESSAGES;
      while (Date.now() < until) {
        const row = await db.selectFrom('email_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '!=', 'sent').executeTakeFirstOrThrow();
        left = Number(row.n);
        if (left === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(left, 0, 'every row is marked sent');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ids = sink.messages.map((m) => m.messageId);
      const distinct = new Set(ids);
      assert.equal(distinct.size, MESSAGES, 'every queued message arrived');
      assert.ok(ids.every((id) => /^<[0-9a-f]{32}@news\.test>$/.test(id)), 'each carries its stable Message-ID');
      const recipients = new Set(sink.messages.map((m) => m.to.join(',')));
      assert.equal(recipients.size, MESSAGES);
      // A second copy can only be of a message the killed process had in flight (its 8 sends at once).
      const twice = ids.length - distinct.size;
      t.diagnostic(`${atKill} messages had arrived at the kill; ${twice} arrived twice`);
      assert.ok(twice <= 8, `${twice} messages arrived twice`);
      assert.ok(atKill >= 40);
    });
  });
}
