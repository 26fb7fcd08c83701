// The conversation module on both engines: posting through the pipeline, threads of three
// levels with paging and sorts, edits, deletes, reports, moderators' decisions and the log.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import { createConversation, getThreadInfo, listQueue, listThread, queueCounts, threadStamp, type Conversation, type ThreadEvent } from '../../src/modules/comments/index.ts';
import { actOnUser, addWords, listLog, saveModerationSettings } from '../../src/modules/moderation/index.ts';
import { EventBus, type DomainEvent } from '../../src/modules/events/index.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

let counter = 0;

describeEachDialect('comments', (database) => {
  let conversation: Conversation;
  let events: ThreadEvent[];
  let domain: DomainEvent[];
  let clock: Date;
  let storyId: string;
  const db = () => database().handle.db;
  const actor = { id: 'mod-1', name: 'Mo Derator' };

  async function reader(name = `Reader ${++counter}`) {
    return createUser(db(), { email: `r${++counter}@example.org`, displayName: name, password: 'lantern over the ferry', verified: true });
  }
  const tick = (seconds = 61) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };

  beforeEach(async () => {
    clock = new Date('2026-11-28T10:00:00Z');
    events = [];
    const bus = new EventBus();
    bus.on('thread.changed', ({ type: _type, ...event }) => void events.push(event));
    bus.on('comment.published', (event) => void domain.push(event));
    bus.on('comment.decided', (event) => void domain.push(event));
    domain = [];
    conversation = createConversation({ db: db(), events: bus, now: () => clock, wordListTtlMs: 0, scorerAllowPrivate: true });
    const story = await createStory(db(), { headline: `Ferry timetable changes ${++counter}`, bodyHtml: '<p>Body.</p>', authors: [], topics: [], publishedAt: '2026-11-27T09:00:00Z' });
    storyId = story.id;
  });

  it('publishes a comment, counts it, tells the live channel and changes the page stamp', async () => {
    const ana = await reader('Ana');
    const before = await threadStamp(db(), storyId);
    const result = await conversation.post({ storyId, userId: ana.id, body: 'The *early* ferry matters most.' });
    assert.equal(result.outcome, 'published');
    assert.ok(result.outcome === 'published' && result.comment.html === '<p>The <em>early</em> ferry matters most.</p>' && result.comment.authorName === 'Ana');
    assert.equal((await getThreadInfo(db(), storyId)).publishedCount, 1);
    assert.deepEqual(events.map((e) => [e.kind, e.count]), [['published', 1]]);
    assert.notEqual(await threadStamp(db(), storyId), before);
  });

  it('refuses a reader who has not confirmed their email, unless the setting allows it', async () => {
    const unconfirmed = await createUser(db(), { email: `u${++counter}@example.org`, displayName: 'Una', password: 'lantern over the ferry' });
    const refused = await conversation.post({ storyId, userId: unconfirmed.id, body: 'First thoughts on the timetable.' });
    assert.equal(refused.outcome, 'refused');
    assert.ok(refused.outcome === 'refused' && refused.code === 'EMAIL_UNVERIFIED');
    await saveModerationSettings(db(), { requireVerifiedEmail: '0' });
    try {
      const allowed = await conversation.post({ storyId, userId: unconfirmed.id, body: 'First thoughts on the timetable.' });
      assert.equal(allowed.outcome, 'published');
    } finally {
      await saveModerationSettings(db(), { requireVerifiedEmail: '1' });
    }
  });

  it("publishes a moderator's comment above the toxicity threshold once confirmed: staff skip the holds", async () => {
    await addWords(db(), actor, 'toxic', ['dimwit'], 1);
    const mod = await createUser(db(), { email: `m${++counter}@example.org`, displayName: 'Mod', password: 'lantern over the ferry', role: 'moderator', verified: true });
    const asked = await conversation.post({ storyId, userId: mod.id, body: 'Only a dimwit would cut the early ferry.' });
    assert.equal(asked.outcome, 'confirm');
    const posted = await conversation.post({ storyId, userId: mod.id, body: 'Only a dimwit would cut the early ferry.', confirmed: true });
    assert.equal(posted.outcome, 'published', JSON.stringify(posted));
  });

  it('threads replies three levels deep, hanging deeper ones under the third level with "in reply to"', async () => {
    const [a, b] = [await reader('Ana'), await reader('Ben')];
    const post = async (userId: string, body: string, parentId?: string) => {
      tick(13);
      const r = await conversation.post({ storyId, userId, body, parentId: parentId ?? null });
      assert.equal(r.outcome, 'published', JSON.stringify(r));
      return r.outcome === 'published' ? r.comment.id : '';
    };
    const root = await post(a.id, 'root');
    const l1 = await post(b.id, 'level one', root);
    const l2 = await post(a.id, 'level two', l1);
    const l3 = await post(b.id, 'level three', l2);
    const page = await listThread(db(), storyId, { sort: 'oldest' });
    const [top] = page.comments;
    assert.equal(top?.id, root);
    assert.equal(top?.replyCount, 3);
    assert.equal(top?.replies[0]?.id, l1);
    const second = top?.replies[0]?.replies ?? [];
    assert.deepEqual(second.map((c) => c.id), [l2, l3]);
    assert.deepEqual(second[1]?.inReplyTo, { id: l2, authorName: 'Ana' });
    assert.equal(second[0]?.inReplyTo, null);
  });

  it('pages top-level comments by cursor in each sort order', async () => {
    const writers = await Promise.all([1, 2, 3, 4, 5].map(() => reader()));
    const ids: string[] = [];
    for (const [i, w] of writers.entries()) {
      tick(5);
      const r = await conversation.post({ storyId, userId: w.id, body: `comment number ${i}` });
      ids.push(r.outcome === 'published' ? r.comment.id : '');
    }
    tick(5);
    await conversation.post({ storyId, userId: writers[0]!.id, body: 'a reply', parentId: ids[3]! });
    const walk = async (sort: 'oldest' | 'newest' | 'replies') => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await listThread(db(), storyId, { sort, cursor, limit: 2 });
        seen.push(...page.comments.map((c) => c.id));
        cursor = page.next;
      } while (cursor);
      return seen;
    };
    assert.deepEqual(await walk('oldest'), ids);
    assert.deepEqual(await walk('newest'), [...ids].reverse());
    assert.deepEqual(await walk('replies'), [ids[3], ids[4], ids[2], ids[1], ids[0]]);
  });

  it('edits within ten minutes (marked edited) and refuses after; deletes keep replies under a placeholder', async () => {
    const [a, b] = [await reader(), await reader()];
    const first = await conversation.post({ storyId, userId: a.id, body: 'Frist!' });
    assert.ok(first.outcome === 'published');
    const id = first.comment.id;
    await assert.rejects(conversation.edit({ commentId: id, userId: b.id, body: 'not mine' }), /only edit your own/);
    tick(120);
    const edited = await conversation.edit({ commentId: id, userId: a.id, body: 'First!' });
    assert.ok(edited.outcome === 'published' && edited.comment.editedAt !== null && edited.comment.html === '<p>First!</p>');
    tick(600);
    await assert.rejects(conversation.edit({ commentId: id, userId: a.id, body: 'Too late' }), /10 minutes/);
    tick(5);
    await conversation.post({ storyId, userId: b.id, body: 'Welcome', parentId: id });
    await conversation.remove({ commentId: id, userId: a.id });
    const page = await listThread(db(), storyId, { sort: 'oldest' });
    assert.equal(page.comments[0]?.status, 'deleted');
    assert.equal(page.comments[0]?.html, '');
    assert.equal(page.comments[0]?.replies[0]?.html, '<p>Welcome</p>');
    assert.equal((await getThreadInfo(db(), storyId)).publishedCount, 1);
  });

  it('hides a comment after enough distinct reports, and a moderator approves or rejects it with a logged reason', async () => {
    await saveModerationSettings(db(), { reportThreshold: '2' });
    const [writer, r1, r2] = [await reader(), await reader(), await reader()];
    const posted = await conversation.post({ storyId, userId: writer.id, body: 'Contested claim' });
    assert.ok(posted.outcome === 'published');
    const id = posted.comment.id;
    await assert.rejects(conversation.report({ commentId: id, userId: writer.id, reason: 'spam' }), { code: 'COMMENT_OWN_REPORT' });
    await assert.rejects(conversation.report({ commentId: id, userId: r1.id, reason: 'other' }), { code: 'REPORT_NOTE_REQUIRED' });
    assert.deepEqual(await conversation.report({ commentId: id, userId: r1.id, reason: 'misinformation', note: 'The ferry never ran at 5.' }), { hidden: false });
    await assert.rejects(conversation.report({ commentId: id, userId: r1.id, reason: 'spam' }), { code: 'COMMENT_ALREADY_REPORTED' });
    tick(5);
    assert.equal((await queueCounts(db())).reported >= 1, true);
    assert.deepEqual(await conversation.report({ commentId: id, userId: r2.id, reason: 'spam' }), { hidden: true });
    const pending = await listQueue(db(), 'pending', { storyId });
    assert.equal(pending[0]?.comment.id, id);
    assert.deepEqual(pending[0]?.reports.map((r) => r.reason), ['misinformation', 'spam']);
    assert.equal((await listThread(db(), storyId, { sort: 'oldest' })).comments.length, 0);

    await assert.rejects(conversation.decide(actor, id, 'reject', ' '), { code: 'DECISION_REASON_REQUIRED' });
    domain = [];
    await conversation.decide(actor, id, 'approve');
    // After commit the conversation says what happened; the emails and the live channel listen.
    assert.deepEqual(domain, [
      { type: 'comment.decided', commentId: id, storyId, decision: 'approve', reason: '', changed: true },
      { type: 'comment.published', commentId: id, storyId, parentId: null, authorId: writer.id },
    ]);
    assert.equal((await listThread(db(), storyId, { sort: 'oldest' })).comments.length, 1);
    assert.equal((await listQueue(db(), 'reported', { storyId })).length, 0, 'approval closes the reports');
    await conversation.decide(actor, id, 'reject', 'Not supported by the record.');
    const rejected = await listQueue(db(), 'rejected', { storyId });
    assert.equal(rejected[0]?.decisions.at(-1)?.reason, 'Not supported by the record.');
    const log = await listLog(db(), { targetId: id });
    assert.deepEqual(log.map((l) => `${l.actorName}: ${l.action}`), ['Mo Derator: reject comment', 'Mo Derator: approve comment', 'Masthead (automatic): hide comment']);
  });

  it('keeps the moderation log append-only in the database itself', async () => {
    await addWords(db(), actor, 'banned', ['crook']);
    await assert.rejects(db().updateTable('moderation_log').set({ reason: 'changed' }).execute(), /append-only/);
    await assert.rejects(db().deleteFrom('moderation_log').execute(), /append-only/);
  });

  it('applies word lists, user status, pre-moderation and story modes from the database', async () => {
    await addWords(db(), actor, 'banned', ['crook']);
    await addWords(db(), actor, 'suspect', ['rigged']);
    const w = await reader();
    const banned = await conversation.post({ storyId, userId: w.id, body: 'a CR00K' });
    assert.equal(banned.outcome, 'rejected');
    tick();
    const held = await conversation.post({ storyId, userId: w.id, body: 'it was rigged' });
    assert.ok(held.outcome === 'pending' && /Suspect words: rigged/.test(held.reasons.join()));
    assert.equal(events.length, 0, 'nothing readers can see has changed');
    tick();
    await conversation.setThreadMode(actor, storyId, 'closed', 0);
    const closed = await conversation.post({ storyId, userId: w.id, body: 'hello' });
    assert.ok(closed.outcome === 'refused' && /closed/.test(closed.reason));
    await conversation.setThreadMode(actor, storyId, 'premod', 0);
    const premod = await conversation.post({ storyId, userId: w.id, body: 'hello again' });
    assert.equal(premod.outcome, 'pending');
    await conversation.setThreadMode(actor, storyId, 'default', 0);
    tick();
    await actOnUser(db(), actor, w.id, 'suspend', { reason: 'Cool off', hours: 24, now: clock });
    const suspended = await conversation.post({ storyId, userId: w.id, body: 'anyone?' });
    assert.ok(suspended.outcome === 'refused' && suspended.code === 'WRITER_SUSPENDED');
    // A ban without a reason is refused, and nothing of it happens: no comment is rejected.
    await assert.rejects(conversation.moderateUser(actor, w.id, 'ban', { reason: '', rejectAll: true }), { code: 'USER_ACTION_REASON_REQUIRED' });
    assert.equal((await listQueue(db(), 'pending', { storyId })).length, 2);
    // The ban and the rejection of the two held comments are one use case; the rejected one stays rejected.
    assert.deepEqual(await conversation.moderateUser(actor, w.id, 'ban', { reason: 'Repeated abuse', rejectAll: true }), { rejected: 2 });
    assert.equal((await listQueue(db(), 'pending', { storyId })).length, 0);
    assert.equal((await listQueue(db(), 'rejected', { storyId })).length, 3);

    await saveModerationSettings(db(), { premodUntilApproved: '1' });
    const fresh = await reader();
    const first = await conversation.post({ storyId, userId: fresh.id, body: 'My first comment' });
    assert.ok(first.outcome === 'pending' && /New commenter: 0 of 1/.test(first.reasons.join()));
    await conversation.decide(actor, first.comment.id, 'approve');
    tick();
    assert.equal((await conversation.post({ storyId, userId: fresh.id, body: 'My second comment' })).outcome, 'published');
    await saveModerationSettings(db(), { premodUntilApproved: '0' });
  });

  it('counts the writer\'s recent comments from the database: repeats, the per-minute limit and slow mode', async () => {
    const w = await reader();
    assert.equal((await conversation.post({ storyId, userId: w.id, body: 'The ferry was late again.' })).outcome, 'published');
    tick(30);
    const again = await conversation.post({ storyId, userId: w.id, body: '  the FERRY was late   again. ' });
    assert.ok(again.outcome === 'refused' && /same comment a few minutes ago/.test(again.reason));
    for (let i = 0; i < 4; i++) {
      tick(2);
      assert.equal((await conversation.post({ storyId, userId: w.id, body: `Update ${i}` })).outcome, 'published');
    }
    tick(2);
    const sixth = await conversation.post({ storyId, userId: w.id, body: 'One more' });
    assert.ok(sixth.outcome === 'refused' && /Try again in 20 seconds/.test(sixth.reason), JSON.stringify(sixth));
    tick(61);
    await conversation.setThreadMode(actor, storyId, 'default', 120);
    assert.equal((await conversation.post({ storyId, userId: w.id, body: 'After a pause' })).outcome, 'refused', 'slow mode counts the comments already on this story');
    tick(120);
    assert.equal((await conversation.post({ storyId, userId: w.id, body: 'After a pause' })).outcome, 'published');
    // Slow mode reaches further back than the ten minutes the repeat check looks at.
    await conversation.setThreadMode(actor, storyId, 'default', 3600);
    tick(20 * 60);
    const slow = await conversation.post({ storyId, userId: w.id, body: 'Twenty minutes later' });
    assert.ok(slow.outcome === 'refused' && /one comment every 3600 seconds\. Try again in 2400 seconds/.test(slow.reason), JSON.stringify(slow));
    tick(2400);
    assert.equal((await conversation.post({ storyId, userId: w.id, body: 'Twenty minutes later' })).outcome, 'published');
    await conversation.setThreadMode(actor, storyId, 'default', 0);
  });

  it('uses the Perspective-compatible scorer an admin configures', async () => {
    const standIn = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const text = (JSON.parse(body) as { comment: { text: string } }).comment.text;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ attributeScores: { TOXICITY: { summaryScore: { value: text.includes('vile') ? 0.97 : 0.02 } } } }));
      });
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}/v1alpha1/comments:analyze`;
      await saveModerationSettings(db(), { scorerUrl: url, scorerKey: 'test-key' });
      const w = await reader();
      const asked = await conversation.post({ storyId, userId: w.id, body: 'A vile remark' });
      assert.equal(asked.outcome, 'confirm');
      const held = await conversation.post({ storyId, userId: w.id, body: 'A vile remark', confirmed: true });
      assert.ok(held.outcome === 'pending' && /Toxicity 0.97 \(127\.0\.0\.1:\d+\) is above 0.8/.test(held.reasons.join()), JSON.stringify(held));
      tick();
      assert.equal((await conversation.post({ storyId, userId: w.id, body: 'A fair point' })).outcome, 'published');
    } finally {
      await saveModerationSettings(db(), { scorerUrl: '', scorerKey: '' });
      await new Promise<void>((resolve) => standIn.close(() => resolve()));
    }
  });

  it('refuses a reply to a comment that is gone and replies from another story', async () => {
    const w = await reader();
    const root = await conversation.post({ storyId, userId: w.id, body: 'root' });
    assert.ok(root.outcome === 'published');
    const other = await createStory(db(), { headline: 'Other story', bodyHtml: '<p>x</p>', authors: [], topics: [], publishedAt: '2026-11-27T09:00:00Z' });
    await assert.rejects(conversation.post({ storyId: other.id, userId: w.id, body: 'x', parentId: root.comment.id }), /does not belong/);
    await conversation.remove({ commentId: root.comment.id, userId: w.id });
    tick();
    const reply = await conversation.post({ storyId, userId: w.id, body: 'late reply', parentId: root.comment.id });
    assert.ok(reply.outcome === 'refused' && /no longer available/.test(reply.reason));
  });
});
