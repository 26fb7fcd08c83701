// Security review #10.12: a writer's edit re-published a comment that readers' reports had
// hidden (or that the pipeline held). An edit of a held comment now stays held, with a reason.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import { createConversation, getComment } from '../../src/modules/comments/index.ts';
import { saveModerationSettings } from '../../src/modules/moderation/index.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const PASSWORD = 'lantern over the ferry';

describeEachDialect('editing a held comment', (get) => {
  it('keeps a comment hidden by reports hidden after its writer edits it, and says why', async () => {
    const db = get().handle.db;
    await saveModerationSettings(db, { reportThreshold: '2' });
    const story = await createStory(db, { headline: 'Held edits', bodyHtml: '<p>Body.</p>', authors: [], topics: [], publishedAt: '2026-11-27T09:00:00Z' });
    const storyId = (await db.selectFrom('stories').select('id').where('slug', '=', story.slug).executeTakeFirstOrThrow()).id;
    const writer = await createUser(db, { email: 'writer@example.org', displayName: 'Wren Writer', password: PASSWORD, verified: true });
    const readers = await Promise.all([1, 2].map((i) => createUser(db, { email: `reader${i}@example.org`, displayName: `Reader ${i}`, password: PASSWORD, verified: true })));
    const conversation = createConversation({ db, wordListTtlMs: 0 });

    const posted = await conversation.post({ storyId, userId: writer.id, body: 'A first version that readers dislike.' });
    assert.equal(posted.outcome, 'published');
    if (!('comment' in posted)) return;
    for (const reader of readers) await conversation.report({ commentId: posted.comment.id, userId: reader.id, reason: 'abusive' });
    assert.equal((await getComment(db, posted.comment.id))?.status, 'pending', 'hidden by two reports');

    const edited = await conversation.edit({ commentId: posted.comment.id, userId: writer.id, body: 'A harmless second version.' });
    assert.equal(edited.outcome, 'pending');
    assert.ok('reasons' in edited && edited.reasons.some((r) => /back to the moderators/.test(r)));
    const stored = await getComment(db, posted.comment.id);
    assert.equal(stored?.status, 'pending', 'still waiting for a moderator');
    assert.equal(stored?.markdown, 'A harmless second version.');
  });
});
