// Security review #10.20: display names and comments kept bidi overrides and zero-width
// characters, and a comment of only invisible characters was published.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import { createConversation, getComment } from '../../src/modules/comments/index.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

describeEachDialect('invisible and direction-changing characters', (get) => {
  it('refuses a comment of only invisible characters, and stores others without them', async () => {
    const db = get().handle.db;
    const story = await createStory(db, { headline: 'Invisible ink', bodyHtml: '<p>Body.</p>', authors: [], topics: [], publishedAt: '2026-11-27T09:00:00Z' });
    const storyId = (await db.selectFrom('stories').select('id').where('slug', '=', story.slug).executeTakeFirstOrThrow()).id;
    const writer = await createUser(db, { email: 'ink@example.org', displayName: 'Ina Ink', password: 'lantern over the ferry', verified: true });
    const conversation = createConversation({ db });

    const blank = await conversation.post({ storyId, userId: writer.id, body: '\u200B\u200C\u200D\u2060\uFEFF\u202E \u2066\u2069' });
    assert.equal(blank.outcome, 'refused');
    assert.ok('code' in blank && blank.code === 'EMPTY');

    const sneaky = await conversation.post({ storyId, userId: writer.id, body: 'Totally \u202Efine\u202C, trust\u200B me.' });
    assert.equal(sneaky.outcome, 'published');
    assert.ok('comment' in sneaky);
    assert.equal((await getComment(db, sneaky.comment.id))?.markdown, 'Totally fine, trust me.');
  });

  it('stores display names without direction overrides or zero-width characters', async () => {
    const db = get().handle.db;
    const user = await createUser(db, { email: 'rlo@example.org', displayName: 'Mod\u202Erotare\u202C\u200B Team', password: 'lantern over the ferry' });
    assert.equal(user.displayName, 'Modrotare Team');
    await assert.rejects(createUser(db, { email: 'ghost@example.org', displayName: '\u200B\u200B\u202E\u2060', password: 'lantern over the ferry' }), { code: 'DISPLAY_NAME_INVALID' });
  });
});
