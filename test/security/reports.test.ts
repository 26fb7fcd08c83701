// Security review #10.8: three unverified throwaway accounts hid a staff comment in 0.4 s, and
// suspended and banned users could still report. Reports now come only from verified accounts
// in good standing, a limited number an hour, and never hide a staff comment.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import { createConversation, getComment } from '../../src/modules/comments/index.ts';
import { saveModerationSettings } from '../../src/modules/moderation/index.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const PASSWORD = 'lantern over the ferry';
let n = 0;

describeEachDialect('who can hide a comment by reporting it', (get) => {
  const setUp = async () => {
    const db = get().handle.db;
    await saveModerationSettings(db, { reportThreshold: '3', perMinute: '1000' });
    const story = await createStory(db, { headline: `Reports ${++n}`, bodyHtml: '<p>Body.</p>', authors: [], topics: [], publishedAt: '2026-11-27T09:00:00Z' });
    const storyId = (await db.selectFrom('stories').select('id').where('slug', '=', story.slug).executeTakeFirstOrThrow()).id;
    const conversation = createConversation({ db, wordListTtlMs: 0 });
    const person = (label: string, extra: { verified?: boolean; role?: 'reader' | 'moderator' } = {}) =>
      createUser(db, { email: `${label}${n}@example.org`, displayName: `${label} ${n}`, password: PASSWORD, verified: extra.verified ?? true, ...(extra.role ? { role: extra.role } : {}) });
    const comment = async (authorId: string, body: string) => {
      const result = await conversation.post({ storyId, userId: authorId, body });
      assert.ok('comment' in result && result.outcome === 'published');
      return result.comment.id;
    };
    return { db, conversation, person, comment };
  };

  it('refuses reports from unverified, suspended and banned accounts', async () => {
    const { db, conversation, person, comment } = await setUp();
    const writer = await person('writer');
    const id = await comment(writer.id, 'A perfectly fine comment.');
    const unverified = await person('throwaway', { verified: false });
    await assert.rejects(conversation.report({ commentId: id, userId: unverified.id, reason: 'abusive' }), { code: 'REPORT_NOT_ALLOWED' });
    for (const status of ['suspended', 'banned'] as const) {
      const user = await person(status);
      await db.updateTable('users').set({ mod_status: status }).where('id', '=', user.id).execute();
      await assert.rejects(conversation.report({ commentId: id, userId: user.id, reason: 'abusive' }), { code: 'REPORT_NOT_ALLOWED' });
    }
    assert.equal((await getComment(db, id))?.reportCount, 0);
  });

  it('never hides a staff comment, though the reports reach the desk', async () => {
    const { db, conversation, person, comment } = await setUp();
    const moderator = await person('staff', { role: 'moderator' });
    const id = await comment(moderator.id, 'A note from the newsroom.');
    for (let i = 0; i < 4; i++) {
      const reader = await person(`reader${i}-`);
      assert.deepEqual(await conversation.report({ commentId: id, userId: reader.id, reason: 'abusive' }), { hidden: false });
    }
    const stored = await getComment(db, id);
    assert.equal(stored?.status, 'published');
    assert.equal(stored?.reportCount, 4);
  });

  it('limits how many comments one account reports in an hour', async () => {
    const { conversation, person, comment } = await setUp();
    const writer = await person('prolific');
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) ids.push(await comment(writer.id, `Comment number ${i} in a long series.`));
    const reporter = await person('busy');
    for (const id of ids.slice(0, 20)) await conversation.report({ commentId: id, userId: reporter.id, reason: 'spam' });
    await assert.rejects(conversation.report({ commentId: ids[20]!, userId: reporter.id, reason: 'spam' }), { code: 'REPORT_RATE_LIMITED' });
  });
});
