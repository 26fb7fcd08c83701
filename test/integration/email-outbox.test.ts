// The durable outbox on both engines: one message per key however often it is queued, sent
// once, retried with backoff, given up on a permanent refusal (and the address then gets no
// list mail), cancelled when its renderer says it is no longer wanted, shared between two
// senders without a message going twice, and taken over when a sender dies holding rows.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ColumnNode, UpdateQueryNode, type KyselyPlugin } from 'kysely';
import { PermanentMailError, queueEmail, sendDueEmails, smtpMailer, type EmailMessage, type Mailer, type SenderOptions } from '../../src/modules/notify/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';

const collect = () => {
  const sent: EmailMessage[] = [];
  const mailer: Mailer = { send: async (message) => void sent.push(message) };
  return { sent, mailer };
};

const renderers: SenderOptions['renderers'] = {
  note: async (row, data) => ({ subject: `Note ${String(data.n)}`, text: `For ${row.to}` }),
  gone: async () => null,
};

describeEachDialect('the email outbox', (database) => {
  const db = () => database().handle.db;
  const options = (mailer: Mailer, owner = 'test'): SenderOptions => ({ transport: mailer, renderers, owner, messageIdHost: 'news.test' });
  const row = (key: string) => db().selectFrom('email_outbox').selectAll().where('key', '=', key).executeTakeFirstOrThrow();

  it('queues one message per key, sends it once and keeps nothing of its data', async () => {
    assert.equal(await queueEmail(db(), { key: 'note:once', to: 'a@example.org', template: 'note', data: { n: 1, token: 'secret-link' } }), true);
    assert.equal(await queueEmail(db(), { key: 'note:once', to: 'a@example.org', template: 'note', data: { n: 2 } }), false);
    const { sent, mailer } = collect();
    const report = await sendDueEmails(db(), options(mailer));
    assert.equal(report.sent, 1);
    assert.deepEqual(sent.map((m) => [m.to, m.subject]), [['a@example.org', 'Note 1']]);
    assert.match(sent[0]?.messageId ?? '', /^<[0-9a-f]{32}@news\.test>$/);
    assert.equal((await sendDueEmails(db(), options(mailer))).sent, 0);
    const stored = await row('note:once');
    assert.equal(stored.status, 'sent');
    assert.equal(stored.data, '{}', 'the one-time link is not kept once sent');
    assert.equal(await queueEmail(db(), { key: 'note:once', to: 'a@example.org', template: 'note', data: { n: 3 } }), false, 'a sent key stays sent');
  });

  it('never sends again a message the server accepted when recording it fails for a moment', async () => {
    await queueEmail(db(), { key: 'note:accepted', to: 'c@example.org', template: 'note', data: { n: 1 } });
    // The database refuses the first two attempts to record the message as sent.
    let refusals = 2;
    const refusingSentMark: KyselyPlugin = {
      transformQuery(args) {
        const node = args.node;
        if (UpdateQueryNode.is(node) && node.updates?.some((u) => ColumnNode.is(u.column) && u.column.column.name === 'sent_at') && refusals > 0) {
          refusals--;
          throw new Error('database is locked');
        }
        return node;
      },
      transformResult: async (args) => args.result,
    };
    const { sent, mailer } = collect();
    const report = await sendDueEmails(db().withPlugin(refusingSentMark), options(mailer));
    assert.deepEqual(report, { sent: 1, retried: 0, failed: 0, cancelled: 0 });
    assert.equal(refusals, 0);
    assert.equal((await row('note:accepted')).status, 'sent');
    assert.equal((await row('note:accepted')).attempts, 1);
    assert.equal((await sendDueEmails(db(), options(mailer))).sent, 0);
    assert.equal(sent.length, 1, 'sent once');
  });

  it('retries a temporary failure later with the same Message-ID, and gives up on a permanent one', async () => {
    await queueEmail(db(), { key: 'note:flaky', to: 'b@example.org', template: 'note', data: { n: 1 } });
    const ids: string[] = [];
    let fail = true;
    const flaky: Mailer = {
      async send(message) {
        ids.push(message.messageId ?? '');
        if (fail) throw new Error('421 try again later');
      },
    };
    assert.deepEqual(await sendDueEmails(db(), options(flaky)), { sent: 0, retried: 1, failed: 0, cancelled: 0 });
    const waiting = await row('note:flaky');
    assert.equal(waiting.status, 'queued');
    assert.equal(waiting.attempts, 1);
    assert.ok(waiting.next_attempt_at > new Date(Date.now() + 30_000).toISOString(), 'the retry waits (backoff)');
    assert.match(waiting.last_error ?? '', /421/);
    assert.equal((await sendDueEmails(db(), options(flaky))).retried, 0, 'not before its time');
    await db().updateTable('email_outbox').set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() }).where('key', '=', 'note:flaky').execute();
    fail = false;
    assert.equal((await sendDueEmails(db(), options(flaky))).sent, 1);
    assert.equal(ids.length, 2);
    assert.equal(ids[0], ids[1], 'a retry is the same message');

    await queueEmail(db(), { key: 'note:nobody', to: 'nobody@example.org', template: 'note', data: { n: 1 } });
    const refusing: Mailer = { send: async () => Promise.reject(new PermanentMailError('550 5.1.1 no such mailbox', 550)) };
    assert.equal((await sendDueEmails(db(), options(refusing))).failed, 1);
    assert.equal((await row('note:nobody')).status, 'failed');
    const bounce = await db().selectFrom('email_bounces').selectAll().where('address', '=', 'nobody@example.org').executeTakeFirstOrThrow();
    assert.match(bounce.reason, /550/);
    // List mail to a bounced address is not tried again; mail the reader asked for (a reset) still is.
    await queueEmail(db(), { key: 'note:list', to: 'nobody@example.org', template: 'note', data: { n: 2 }, subscriberId: 'sub-1' });
    await queueEmail(db(), { key: 'note:asked', to: 'nobody@example.org', template: 'note', data: { n: 3 } });
    const { sent, mailer } = collect();
    assert.deepEqual(await sendDueEmails(db(), options(mailer)), { sent: 1, retried: 0, failed: 0, cancelled: 1 });
    assert.equal(sent[0]?.subject, 'Note 3');
    assert.equal((await row('note:list')).status, 'cancelled');
  });

  it('cancels a message its renderer no longer wants, and fails one with no renderer after its retries', async () => {
    await queueEmail(db(), { key: 'gone:1', to: 'c@example.org', template: 'gone', data: {} });
    await queueEmail(db(), { key: 'mystery:1', to: 'c@example.org', template: 'mystery', data: {} });
    const { sent, mailer } = collect();
    const report = await sendDueEmails(db(), { ...options(mailer), maxAttempts: 1 });
    assert.deepEqual(report, { sent: 0, retried: 0, failed: 1, cancelled: 1 });
    assert.equal(sent.length, 0);
    assert.equal((await row('gone:1')).status, 'cancelled');
    assert.match((await row('mystery:1')).last_error ?? '', /no renderer/);
  });

  it('shares the queue between two senders without sending any message twice', async () => {
    for (let i = 0; i < 60; i++) await queueEmail(db(), { key: `note:shared-${i}`, to: `r${i}@example.org`, template: 'note', data: { n: i } });
    const seen: string[] = [];
    const slow = (): Mailer => ({ send: async (m) => void (await new Promise((r) => setTimeout(r, 2)), seen.push(m.to)) });
    const [a, b] = await Promise.all([sendDueEmails(db(), { ...options(slow(), 'a'), batch: 10 }), sendDueEmails(db(), { ...options(slow(), 'b'), batch: 10 })]);
    assert.equal(a.sent + b.sent, 60);
    assert.equal(new Set(seen).size, 60);
    assert.equal(seen.length, 60, 'no message went twice');
  });

  it('takes over the rows of a sender that died holding them, once their lease runs out', async () => {
    for (let i = 0; i < 3; i++) await queueEmail(db(), { key: `note:orphan-${i}`, to: `o${i}@example.org`, template: 'note', data: { n: i } });
    // The first sender takes the rows and never finishes (as if killed while sending).
    const stuck: Mailer = { send: () => new Promise<void>(() => {}) };
    void sendDueEmails(db(), { ...options(stuck, 'dead'), leaseMs: 300 });
    await new Promise((r) => setTimeout(r, 100));
    const { sent, mailer } = collect();
    assert.equal((await sendDueEmails(db(), options(mailer, 'alive'))).sent, 0, 'leased rows are left alone');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await sendDueEmails(db(), options(mailer, 'alive'))).sent, 3);
    assert.deepEqual(sent.map((m) => m.to).sort(), ['o0@example.org', 'o1@example.org', 'o2@example.org']);
  });

  it('takes a mail server’s 550 as a bounce, and its answers as sent, over real SMTP', async () => {
    const sink = await startSmtpSink({ refuse: (address) => address.startsWith('gone') });
    const smtp = smtpMailer(sink.url, 'desk@kv7.example');
    try {
      await queueEmail(db(), { key: 'note:smtp-ok', to: 'here@example.org', template: 'note', data: { n: 1 } });
      await queueEmail(db(), { key: 'note:smtp-gone', to: 'gone@example.org', template: 'note', data: { n: 2 } });
      const report = await sendDueEmails(db(), options(smtp));
      assert.equal(report.sent, 1);
      assert.equal(report.failed, 1);
      assert.deepEqual(sink.messages.map((m) => m.to), [['here@example.org']]);
      assert.match(sink.messages[0]?.messageId ?? '', /^<[0-9a-f]{32}@news\.test>$/);
      assert.equal((await row('note:smtp-gone')).status, 'failed');
      const bounce = await db().selectFrom('email_bounces').select('reason').where('address', '=', 'gone@example.org').executeTakeFirstOrThrow();
      assert.match(bounce.reason, /no such mailbox/);
    } finally {
      smtp.close();
      await sink.close();
    }
  });
});
