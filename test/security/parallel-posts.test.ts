// Security review #10.6: on PostgreSQL, posts sent in parallel from one account were all
// judged against the same history, so the rate limit, slow mode and the repeat check did not
// hold (30 posts stored at 5 a minute). The write now re-checks them under the writer's lock.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import { createConversation } from '../../src/modules/comments/index.ts';
import { saveModerationSettings } from '../../src/modules/moderation/index.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { createDb } from '../../src/storage/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

let n = 0;

describeEachDialect('parallel posts from one account', (get) => {
  const setUp = async () => {
    const { handle, database } = get();
    const story = await createStory(handle.db, { headline: `Parallel ${++n}`, bodyHtml: '<p>Body.</p>', authors: [], topics: [], publishedAt: '2026-11-27T09:00:00Z' });
    const storyId = (await handle.db.selectFrom('stories').select('id').where('slug', '=', story.slug).executeTakeFirstOrThrow()).id;
    const writer = await createUser(handle.db, { email: `fast${n}@example.org`, displayName: `Fast Writer ${n}`, password: 'lantern over the ferry', verified: true });
    // Two "processes": two connections to the same database, each with its own conversation.
    const second = await createDb({ database });
    const conversations = [createConversation({ db: handle.db, wordListTtlMs: 0 }), createConversation({ db: second.db, wordListTtlMs: 0 })];
    const stored = async () => (await handle.db.selectFrom('comments').select('id').where('story_id', '=', storyId).execute()).length;
    return { handle, storyId, writer, conversations, stored, close: () => second.close() };
  };

  it('keeps the per-minute limit', async () => {
    const { handle, storyId, writer, conversations, stored, close } = await setUp();
    try {
      await saveModerationSettings(handle.db, { perMinute: '5' });
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => conversations[i % 2]!.post({ storyId, userId: writer.id, body: `Distinct comment number ${i} on the vote.` })));
      assert.equal(await stored(), 5);
      assert.equal(results.filter((r) => r.outcome === 'refused' && r.code === 'RATE_LIMITED').length, 25);
    } finally {
      await saveModerationSettings(handle.db, { perMinute: '10' });
      await close();
    }
  });

  it('stores one of several identical comments sent at once', async () => {
    const { storyId, writer, conversations, stored, close } = await setUp();
    try {
      const results = await Promise.all(Array.from({ length: 4 }, (_, i) => conversations[i % 2]!.post({ storyId, userId: writer.id, body: 'The very same words, four times.' })));
      assert.equal(await stored(), 1);
      assert.equal(results.filter((r) => r.outcome === 'refused' && r.code === 'REPEATED').length, 3);
    } finally {
      await close();
    }
  });

  it('keeps slow mode', async () => {
    const { storyId, writer, conversations, stored, close } = await setUp();
    try {
      await conversations[0]!.setThreadMode({ id: writer.id, name: 'Desk' }, storyId, 'default', 3600);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => conversations[i % 2]!.post({ storyId, userId: writer.id, body: `Slow mode test comment ${i}.` })));
      assert.equal(await stored(), 1);
      assert.equal(results.filter((r) => r.outcome === 'refused' && r.code === 'SLOW_MODE').length, 7);
    } finally {
      await close();
    }
  });
});
