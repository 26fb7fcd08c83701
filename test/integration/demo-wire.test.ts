// The demo wire goes through the real ingest pipeline, on both engines, and replays change nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { DEMO_DIR, seedDemo } from '../../src/modules/demo/index.ts';
import { getStoryBySlug, listStories } from '../../src/modules/stories/index.ts';
import { listNavTopics } from '../../src/modules/topics/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

describeEachDialect('demo wire', (db) => {
  it('loads every demo item with the expected outcome', async () => {
    const report = await seedDemo(db().handle.db, path.join(db().dir, 'media'));
    assert.deepEqual(report.refused, []);
    assert.deepEqual(report.outcomes, { created: 14, updated: 1, withdrawn: 1 });
  });

  it('gives a newsroom at least 12 stories over 4 topics, 3 with captioned and credited photos', async () => {
    const { items } = await listStories(db().handle.db, { kind: 'all' }, { limit: 100 });
    assert.ok(items.length >= 12, `${items.length} stories`);
    assert.ok(new Set(items.map((s) => s.primaryTopic?.slug)).size >= 4);
    const withPhotos = items.filter((s) => s.hero);
    assert.ok(withPhotos.length >= 3);
    for (const story of withPhotos) {
      assert.ok(story.hero?.caption, `${story.slug} has a caption`);
      assert.ok(story.hero?.credit, `${story.slug} has a credit`);
      assert.ok(story.hero?.altText, `${story.slug} has alt text`);
      const formats = new Set(story.hero?.renditions.map((r) => r.format));
      assert.deepEqual(formats, new Set(['jpeg', 'webp']));
      for (const r of story.hero?.renditions ?? []) assert.ok(fs.existsSync(path.join(db().dir, 'media', r.path)), r.path);
    }
    assert.ok((await listNavTopics(db().handle.db)).length >= 4);
  });

  it('keeps a wire story with three authors, its outlet, dateline, credit and rights', async () => {
    const story = await getStoryBySlug(db().handle.db, 'flood-barriers-hold-as-the-sable-river-crests-in-delta-towns');
    assert.ok(story);
    assert.deepEqual(story.authors.map((a) => [a.name, a.affiliation]), [
      ['Ana Ruiz', 'MNS'],
      ['Tomas Pell', 'MNS'],
      ['Mei Chen', 'MNS'],
    ]);
    assert.equal(story.dateline, '(MNS)');
    assert.doesNotMatch(story.bodyHtml, /^<p>\(MNS\)/, 'the dateline is lifted out of the body');
    assert.equal(story.hero?.credit, 'Lina Okafor/Harbor Press Pool via Meridian Newsource');
    assert.equal(story.rightsLine, '© 2026 Meridian News Service. All rights reserved.');
    assert.equal(story.source?.name, 'Meridian Newsource');
    assert.equal(story.primaryTopic?.name, 'MNS - World');
  });

  it('shows the second version of an updated story under its first URL', async () => {
    const story = await getStoryBySlug(db().handle.db, 'talks-on-northern-fishing-rights-to-resume-after-two-year-pause');
    assert.equal(story?.headline, 'Fishing rights talks to resume Monday, with scientists at the table');
    assert.equal(story?.version, 2);
    assert.equal(story?.updatedAt, '2026-11-25T16:10:00.000Z');
    assert.equal(story?.dateline, 'Halvik (MNS)');
  });

  it('withdraws the story the wire cancelled', async () => {
    const story = await getStoryBySlug(db().handle.db, 'early-count-suggests-record-turnout-in-county-races');
    assert.equal(story?.status, 'withdrawn');
    assert.equal(story?.withdrawnReason, 'Meridian Newsource withdrew this story.');
  });

  it('changes nothing when the whole wire is replayed', async () => {
    const before = await db().handle.db.selectFrom('stories').select(['id', 'modified_at', 'version', 'status']).orderBy('id').execute();
    const report = await seedDemo(db().handle.db, path.join(db().dir, 'media'), DEMO_DIR);
    assert.equal(report.outcomes.created, undefined);
    assert.equal(report.outcomes.updated, undefined);
    assert.equal(report.outcomes.withdrawn, undefined);
    const after = await db().handle.db.selectFrom('stories').select(['id', 'modified_at', 'version', 'status']).orderBy('id').execute();
    assert.deepEqual(after, before);
    const media = await db().handle.db.selectFrom('media').select('id').execute();
    assert.equal(media.length, 4);
  });
});
