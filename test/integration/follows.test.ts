// The follows module on both engines: a newsletter address becomes its account's on the first
// follow or on confirming, the follow limit, weekly digests only on their day, a digest with
// nothing new in it cancelled rather than sent, and local hours in the site's time zone.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import type { AppError } from '../../src/errors.ts';
import { confirmNewsletter, listEmails, localTime, MAX_FOLLOWS, queueDigests, readerFollows, setFollow, signUpForNewsletter } from '../../src/modules/follows/index.ts';
import { sendDueEmails, type EmailMessage } from '../../src/modules/notify/index.ts';
import { ensureTopic } from '../../src/modules/topics/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const SECRET = Buffer.alloc(32, 3);

describeEachDialect('follows', (database) => {
  const db = () => database().handle.db;

  it('makes a newsletter address its account’s on the first follow, and on confirming', async () => {
    const weather = await ensureTopic(db(), { name: 'Weather' });
    const sports = await ensureTopic(db(), { name: 'Sports' });
    await signUpForNewsletter(db(), SECRET, { email: 'both@example.org', topicIds: [weather.id], cadence: 'daily' });
    const user = await createUser(db(), { email: 'both@example.org', displayName: 'Bo Th', password: 'lantern over the ferry', verified: true });
    await setFollow(db(), user.id, { kind: 'topic', id: sports.id }, 'instant');
    const subscribers = await db().selectFrom('subscribers').selectAll().execute();
    assert.equal(subscribers.length, 1, 'one person, one subscriber');
    assert.deepEqual([subscribers[0]?.user_id, subscribers[0]?.email, subscribers[0]?.status], [user.id, null, 'active']);

    // An address with an account signs up on the newsletter form: confirming adds to the account's follows.
    const other = await createUser(db(), { email: 'later@example.org', displayName: 'La Ter', password: 'lantern over the ferry', verified: true });
    await setFollow(db(), other.id, { kind: 'topic', id: sports.id }, 'weekly');
    await signUpForNewsletter(db(), SECRET, { email: 'later@example.org', topicIds: [weather.id], cadence: 'daily' });
    const row = await db().selectFrom('email_outbox').select('data').where('to_address', '=', 'later@example.org').where('template', '=', 'newsletter.confirm').executeTakeFirstOrThrow();
    await confirmNewsletter(db(), SECRET, String((JSON.parse(row.data) as { token: string }).token));
    const follows = await readerFollows(db(), other.id);
    assert.deepEqual(follows.follows.map((f) => [f.name, f.cadence]), [['Sports', 'weekly'], ['Weather', 'daily']]);
    assert.equal((await db().selectFrom('subscribers').select('id').where('email', '=', 'later@example.org').execute()).length, 0);
  });

  it('refuses a follow past the limit with its code', async () => {
    const user = await createUser(db(), { email: 'many@example.org', displayName: 'Ma Ny', password: 'lantern over the ferry', verified: true });
    for (let i = 0; i < MAX_FOLLOWS; i++) await setFollow(db(), user.id, { kind: 'topic', id: (await ensureTopic(db(), { name: `Topic ${i}` })).id });
    const extra = await ensureTopic(db(), { name: 'One too many' });
    await assert.rejects(setFollow(db(), user.id, { kind: 'topic', id: extra.id }), (error: AppError) => error.code === 'FOLLOW_LIMIT');
    await assert.rejects(setFollow(db(), user.id, { kind: 'topic', id: '00000000-0000-0000-0000-000000000000' }), (error: AppError) => error.code === 'FOLLOW_TARGET_UNKNOWN');
  });

  it('queues weekly digests on their day only, and cancels a digest with nothing new in it', async () => {
    const quiet = await ensureTopic(db(), { name: 'Quiet corner' });
    const user = await createUser(db(), { email: 'weekly@example.org', displayName: 'We Ek', password: 'lantern over the ferry', verified: true });
    await setFollow(db(), user.id, { kind: 'topic', id: quiet.id }, 'weekly');
    const now = new Date('2026-12-02T15:30:00Z');
    const local = localTime(now, 'America/Chicago');
    assert.deepEqual(local, { date: '2026-12-02', hour: 9, weekday: 3 });
    await db().updateTable('subscribers').set({ digest_hour: 9, weekly_day: 4 }).where('user_id', '=', user.id).execute();
    assert.equal(await queueDigests(db(), 'weekly', { now, timeZone: 'America/Chicago' }), 0, 'not its day');
    await db().updateTable('subscribers').set({ weekly_day: 3 }).where('user_id', '=', user.id).execute();
    assert.equal(await queueDigests(db(), 'weekly', { now, timeZone: 'America/Chicago' }), 1);
    const sent: EmailMessage[] = [];
    const emails = listEmails({ db: db(), secret: SECRET, publicUrl: 'http://news.test', siteName: () => 'Test', timeZone: () => 'America/Chicago', storyPath: (slug) => `/stories/${slug}` });
    const report = await sendDueEmails(db(), { transport: { send: async (m) => void sent.push(m) }, renderers: emails.renderers, owner: 'test', messageIdHost: 'news.test' });
    assert.equal(sent.filter((m) => m.to === 'weekly@example.org').length, 0, 'nothing new in a quiet topic: no email');
    assert.ok(report.cancelled >= 1);
  });
});
