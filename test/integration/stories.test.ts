// The stories module on both engines: creation, versions, withdrawal, lists and paging.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  batchStoryRows,
  createStory,
  getStoryBySlug,
  listStories,
  reviseStory,
  withdrawStory,
  type StoryDraft,
} from '../../src/modules/stories/index.ts';
import { findTopicBySlug } from '../../src/modules/topics/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

function draft(overrides: Partial<StoryDraft> = {}): StoryDraft {
  return {
    headline: 'Ferry service returns to the north shore',
    standfirst: 'Boats will run every hour from Saturday.',
    dateline: 'LAKEPORT',
    bodyHtml: '<p>The ferry is back.</p><script>alert(1)</script><p onclick="x()">Second paragraph.</p>',
    authors: [
      { name: 'Ines Calder', affiliation: 'KV7' },
      { name: 'Omar Pike', affiliation: 'KV7' },
      { name: 'Yuki Sato', affiliation: 'KV7' },
    ],
    topics: [{ name: 'Transit' }, { name: 'Local News' }],
    publishedAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}

describeEachDialect('stories', (db) => {
  it('creates a story with ordered authors, a primary topic and a sanitized body', async () => {
    const saved = await createStory(db().handle.db, draft());
    assert.equal(saved.slug, 'ferry-service-returns-to-the-north-shore');
    const story = await getStoryBySlug(db().handle.db, saved.slug);
    assert.ok(story);
    assert.deepEqual(story.authors.map((a) => a.name), ['Ines Calder', 'Omar Pike', 'Yuki Sato']);
    assert.equal(story.authors[0]?.affiliation, 'KV7');
    assert.deepEqual(story.primaryTopic, { name: 'Transit', slug: 'transit' });
    assert.deepEqual(story.topics, [{ name: 'Local News', slug: 'local-news' }]);
    assert.equal(story.bodyHtml, '<p>The ferry is back.</p><p>Second paragraph.</p>');
    assert.equal(story.updatedAt, null);
    assert.equal(story.version, 1);
  });

  it('gives a repeated headline its own slug', async () => {
    const again = await createStory(db().handle.db, draft({ publishedAt: '2026-11-02T09:00:00.000Z' }));
    assert.equal(again.slug, 'ferry-service-returns-to-the-north-shore-2026-11-02');
  });

  it('revises in place, keeps the history and shows Updated', async () => {
    const saved = await createStory(db().handle.db, draft({ headline: 'Council meets on budget' }));
    await reviseStory(db().handle.db, saved.id, draft({ headline: 'Council passes budget', authors: [{ name: 'Omar Pike', affiliation: null }] }), '2026-11-03T12:00:00.000Z');
    const story = await getStoryBySlug(db().handle.db, saved.slug);
    assert.equal(story?.headline, 'Council passes budget');
    assert.equal(story?.version, 2);
    assert.equal(story?.updatedAt, '2026-11-03T12:00:00.000Z');
    assert.deepEqual(story?.authors.map((a) => a.name), ['Omar Pike']);
    const versions = await db()
      .handle.db.selectFrom('story_versions')
      .select(['version', 'headline'])
      .where('story_id', '=', saved.id)
      .orderBy('version')
      .execute();
    assert.deepEqual(versions, [
      { version: 1, headline: 'Council meets on budget' },
      { version: 2, headline: 'Council passes budget' },
    ]);
  });

  it('holds back the rows of stories created in a batch, and writes them before revising one of them', async () => {
    const q = db().handle.db;
    const saved = await q.transaction().execute((tx) =>
      batchStoryRows(tx, async () => {
        const one = await createStory(tx, draft({ headline: 'Batch story one' }));
        const two = await createStory(tx, draft({ headline: 'Batch story two', authors: [{ name: 'Omar Pike', affiliation: null }] }));
        const written = await tx.selectFrom('story_authors').select('story_id').where('story_id', 'in', [one.id, two.id]).execute();
        assert.equal(written.length, 0, 'bylines wait for the end of the batch');
        await reviseStory(tx, one.id, draft({ headline: 'Batch story one, revised', authors: [{ name: 'Yuki Sato', affiliation: null }] }), '2026-11-03T12:00:00.000Z');
        return [one, two];
      }),
    );
    const [one, two] = await Promise.all(saved.map((s) => getStoryBySlug(q, s.slug)));
    assert.deepEqual(one?.authors.map((a) => a.name), ['Yuki Sato']);
    assert.equal(one?.headline, 'Batch story one, revised');
    assert.deepEqual(two?.authors.map((a) => a.name), ['Omar Pike']);
    assert.deepEqual(two?.primaryTopic, { name: 'Transit', slug: 'transit' });
    const versions = await q.selectFrom('story_versions').select(['story_id', 'version']).where('story_id', 'in', saved.map((s) => s.id)).execute();
    assert.deepEqual(versions.map((v) => `${v.story_id === saved[0]!.id ? 'one' : 'two'} v${v.version}`).sort(), ['one v1', 'one v2', 'two v1']);
  });

  it('withdraws a story from every list but keeps its page for a 410', async () => {
    const saved = await createStory(db().handle.db, draft({ headline: 'Story to withdraw', topics: [{ name: 'Withdrawals' }] }));
    const topic = await findTopicBySlug(db().handle.db, 'withdrawals');
    assert.ok(topic);
    assert.equal((await listStories(db().handle.db, { kind: 'topic', topicId: topic.id }, { limit: 10 })).items.length, 1);
    await withdrawStory(db().handle.db, saved.id, { reason: 'Legal review.', at: '2026-11-04T00:00:00.000Z' });
    assert.equal((await listStories(db().handle.db, { kind: 'topic', topicId: topic.id }, { limit: 10 })).items.length, 0);
    const all = await listStories(db().handle.db, { kind: 'all' }, { limit: 100 });
    assert.ok(!all.items.some((s) => s.id === saved.id));
    const story = await getStoryBySlug(db().handle.db, saved.slug);
    assert.equal(story?.status, 'withdrawn');
    assert.equal(story?.withdrawnReason, 'Legal review.');
  });

  it('pages through a topic newest first with a cursor, without repeats or gaps', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      // Two stories share each timestamp, so the id breaks ties.
      const publishedAt = new Date(Date.UTC(2026, 9, 1, 0, Math.floor(i / 2))).toISOString();
      ids.push((await createStory(db().handle.db, draft({ headline: `Paging story ${i}`, topics: [{ name: 'Paging' }], publishedAt }))).id);
    }
    const topic = await findTopicBySlug(db().handle.db, 'paging');
    assert.ok(topic);
    const first = await listStories(db().handle.db, { kind: 'topic', topicId: topic.id }, { limit: 20 });
    assert.equal(first.items.length, 20);
    assert.ok(first.next);
    const second = await listStories(db().handle.db, { kind: 'topic', topicId: topic.id }, { limit: 20, cursor: first.next });
    assert.equal(second.items.length, 5);
    assert.equal(second.next, null);
    const seen = [...first.items, ...second.items].map((s) => s.id);
    assert.equal(new Set(seen).size, 25);
    assert.deepEqual(new Set(seen), new Set(ids));
    const times = [...first.items, ...second.items].map((s) => s.publishedAt);
    assert.deepEqual(times, [...times].sort().reverse());
  });

  it('refuses a malformed cursor with a 400 error', async () => {
    await assert.rejects(listStories(db().handle.db, { kind: 'all' }, { limit: 5, cursor: 'bm90LWEtY3Vyc29y' }), (e: unknown) => (e as { status?: number }).status === 400);
  });
});
