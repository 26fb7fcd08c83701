// The ingest service on both engines: every payload stored, every item's outcome recorded,
// refusals kept with their reasons, replays change nothing, sources' rules applied.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { it } from 'node:test';
import {
  folderPictureFetcher,
  ingestPayload,
  listPayloadItems,
  listPayloads,
  loadWireFolder,
  removeSource,
  upsertSource,
  type Source,
} from '../../src/modules/ingest/index.ts';
import { getStoryBySlug, listStories, releaseEmbargoes } from '../../src/modules/stories/index.ts';
import { startEmbargoRelease } from '../../src/jobs/embargo-release.ts';
import { EventBus } from '../../src/modules/events/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const DEMO_WIRE = path.resolve('fixtures/demo/wire/meridian');

function ninjs(uri: string, extra: Record<string, unknown> = {}) {
  return {
    uri,
    type: 'text',
    version: '1',
    versioncreated: '2026-11-20T10:00:00Z',
    headlines: [{ role: 'main', value: `Headline for ${uri}` }],
    bodies: [{ role: 'main', contenttype: 'text/html', value: '<p>Body text.</p>' }],
    subjects: [{ name: 'World' }],
    ...extra,
  };
}

describeEachDialect('ingest service', (db) => {
  let source: Source;
  const receive = (payload: unknown, s: Source = source) =>
    ingestPayload(
      { db: db().handle.db, mediaDir: path.join(db().dir, 'media') },
      {
        source: s,
        bytes: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
        transport: 'file',
        origin: 'test.json',
        fetchPicture: folderPictureFetcher(DEMO_WIRE),
      },
    );

  it('stores the payload compressed with its hash, and each item with its outcome', async () => {
    source = await upsertSource(db().handle.db, {
      slug: 'test-wire',
      name: 'Test Wire',
      shortName: 'TW',
      kind: 'wire',
      defaultRights: '© Test Wire',
      canonicalPolicy: 'original',
      topicRules: [{ subject: 'World', topic: 'TW - World' }],
      defaultTopic: 'TW - Top Stories',
    });
    const payload = [ninjs('urn:tw:1'), ninjs('urn:tw:2', { subjects: [{ name: 'Gardening' }] })];
    const report = await receive(payload);
    assert.equal(report.refused, null);
    assert.equal(report.format, 'ninjs');
    assert.deepEqual(report.items.map((i) => i.outcome), ['created', 'created']);
    const row = await db().handle.db.selectFrom('wire_payloads').selectAll().where('id', '=', report.payloadId).executeTakeFirstOrThrow();
    assert.equal(gunzipSync(Buffer.from(row.body_gzip_base64, 'base64')).toString(), JSON.stringify(payload));
    assert.match(row.sha256, /^[0-9a-f]{64}$/);
    assert.equal(row.item_count, 2);
    const results = await db().handle.db.selectFrom('wire_item_results').select(['position', 'guid', 'outcome']).where('payload_id', '=', report.payloadId).orderBy('position').execute();
    assert.deepEqual(results, [
      { position: 0, guid: 'urn:tw:1', outcome: 'created' },
      { position: 1, guid: 'urn:tw:2', outcome: 'created' },
    ]);
  });

  it('applies a chunk that creates a story and then revises it as if its items came one by one', async () => {
    const q = db().handle.db;
    const report = await receive([
      ninjs('urn:tw:chunk-a', { by: 'By Ana Ruiz and Tom Pell, TW' }),
      ninjs('urn:tw:chunk-b', { by: 'By Mei Chen, TW', subjects: [{ name: 'Gardening' }] }),
      ninjs('urn:tw:chunk-a', { version: '2', versioncreated: '2026-11-20T11:00:00Z', by: 'By Tom Pell, TW', subjects: [{ name: 'Gardening' }], headlines: [{ role: 'main', value: 'Second take' }] }),
    ]);
    assert.deepEqual(report.items.map((i) => i.outcome), ['created', 'created', 'updated']);
    const [a, b] = [report.items[0]!.storyId!, report.items[1]!.storyId!];
    const links = async (storyId: string) => ({
      authors: (await q.selectFrom('story_authors as sa').innerJoin('authors as au', 'au.id', 'sa.author_id').select('au.name').where('sa.story_id', '=', storyId).orderBy('sa.position').execute()).map((r) => r.name),
      topics: (await q.selectFrom('story_topics as st').innerJoin('topics as t', 't.id', 'st.topic_id').select(['t.name', 'st.is_primary']).where('st.story_id', '=', storyId).execute()).map((r) => `${r.name}${Number(r.is_primary) ? ' (primary)' : ''}`),
      versions: (await q.selectFrom('story_versions').select(['version', 'headline']).where('story_id', '=', storyId).orderBy('version').execute()).map((r) => `${r.version}: ${r.headline}`),
    });
    assert.deepEqual(await links(a), { authors: ['Tom Pell'], topics: ['TW - Top Stories (primary)'], versions: ['1: Headline for urn:tw:chunk-a', '2: Second take'] });
    assert.deepEqual(await links(b), { authors: ['Mei Chen'], topics: ['TW - Top Stories (primary)'], versions: ['1: Headline for urn:tw:chunk-b'] });
  });

  it('files subjects under topics by the source rules, and the rest under its default topic', async () => {
    const mapped = await getStoryBySlug(db().handle.db, 'headline-for-urn-tw-1');
    assert.equal(mapped?.primaryTopic?.name, 'TW - World');
    const unmapped = await getStoryBySlug(db().handle.db, 'headline-for-urn-tw-2');
    assert.equal(unmapped?.primaryTopic?.name, 'TW - Top Stories');
    assert.equal(unmapped?.dateline, '(TW)');
    assert.equal(unmapped?.rightsLine, '© Test Wire');
  });

  it('keeps going past a bad item and records why it was refused', async () => {
    const report = await receive([ninjs('urn:tw:3'), { uri: 'urn:tw:bad', type: 'text' }, ninjs('urn:tw:4'), ninjs('urn:tw:video', { type: 'video' }), { type: 'text' }]);
    assert.deepEqual(report.items.map((i) => i.outcome), ['created', 'refused', 'created', 'refused', 'refused']);
    assert.equal(report.items[1]?.reason, 'the item has no headline');
    assert.equal(report.items[1]?.guid, 'urn:tw:bad');
    assert.equal(report.items[3]?.reason, 'a video item is not a story');
    assert.equal(report.items[4]?.reason, 'ninjs item has no identifier ("uri", "guid" or "id"), so a later version could not be matched to it');
  });

  it('takes ninjs without a uri, as newsroom systems send it: guid, a string version, composite', async () => {
    const item = (version: string, headline: string) => ({ guid: 'tw-desk-0042', version, type: 'composite', pubstatus: 'usable', headline, body_html: '<p>The pass road closed overnight.</p>', subject: [{ name: 'World', code: 'medtop:17000000' }], place: [{ name: 'Alder Pass' }] });
    const first = await receive(item('1', 'Snow closes the pass road'));
    assert.equal(first.format, 'ninjs');
    assert.equal(first.items[0]?.outcome, 'created');
    const second = await receive(item('2', 'Snow closes the pass road until noon'));
    assert.equal(second.items[0]?.outcome, 'updated');
    assert.equal(second.items[0]?.storyId, first.items[0]?.storyId, 'the guid identifies the item across versions');
    const lone = await receive({ headline: 'An item with no identifier', body_html: '<p>Words.</p>' });
    assert.equal(lone.refused, null, 'read as ninjs, not refused as unknown JSON');
    assert.match(lone.items[0]?.reason ?? '', /no identifier/);
  });

  it('stores a payload it cannot read, with the reason', async () => {
    for (const [bytes, reason] of [
      ['{"uri": "urn:x", ', /^not valid JSON/],
      ['plain words', /^unrecognised format/],
      ['{"hello": "world"}', /neither ninjs nor JSON Feed/],
      ['', /empty/],
    ] as const) {
      const report = await receive(bytes);
      assert.match(report.refused ?? '', reason);
      const row = await db().handle.db.selectFrom('wire_payloads').select(['refused_reason', 'size_bytes']).where('id', '=', report.payloadId).executeTakeFirstOrThrow();
      assert.match(row.refused_reason ?? '', reason);
      assert.equal(row.size_bytes, Buffer.byteLength(bytes));
    }
  });

  it('changes no story when a payload is replayed, but logs the receipt', async () => {
    const before = await db().handle.db.selectFrom('stories').select(['id', 'modified_at', 'version']).orderBy('id').execute();
    const report = await receive([ninjs('urn:tw:1'), ninjs('urn:tw:2', { subjects: [{ name: 'Gardening' }] })]);
    assert.deepEqual(report.items.map((i) => i.outcome), ['unchanged', 'unchanged']);
    const after = await db().handle.db.selectFrom('stories').select(['id', 'modified_at', 'version']).orderBy('id').execute();
    assert.deepEqual(after, before);
    const log = await listPayloads(db().handle.db, 10);
    assert.deepEqual(log.find((entry) => entry.id === report.payloadId)?.outcomes, { unchanged: 2 });
  });

  it('holds new stories for the desk when the source says so', async () => {
    const held = await upsertSource(db().handle.db, { slug: 'held-wire', name: 'Held Wire', shortName: 'HW', kind: 'wire', defaultRights: null, canonicalPolicy: 'noindex', publishPolicy: 'hold' });
    const report = await receive([ninjs('urn:hw:1')], held);
    assert.equal(report.items[0]?.outcome, 'created');
    const story = await db().handle.db.selectFrom('stories').select('status').where('origin_guid', '=', 'urn:hw:1').executeTakeFirstOrThrow();
    assert.equal(story.status, 'held');
  });

  it('fetches pictures only from beside the payload', async () => {
    const report = await receive([
      ninjs('urn:tw:pic', {
        associations: [{ type: 'picture', by: 'Lina Okafor/Harbor Press Pool', renditions: [{ href: 'images/delta-flood-barrier.jpg', width: 1600, height: 900 }] }],
      }),
      ninjs('urn:tw:escape', { associations: [{ type: 'picture', renditions: [{ href: '../../../package.json' }] }] }),
      ninjs('urn:tw:remote', { associations: [{ type: 'picture', renditions: [{ href: 'http://127.0.0.1/x.jpg' }] }] }),
    ]);
    assert.deepEqual(report.items.map((i) => i.outcome), ['created', 'created', 'created']);
    assert.deepEqual(report.items[0]?.warnings, []);
    assert.match(report.items[1]?.warnings[0] ?? '', /leaves the folder/);
    assert.match(report.items[2]?.warnings[0] ?? '', /only pictures inside the folder/);
    const story = await getStoryBySlug(db().handle.db, 'headline-for-urn-tw-pic');
    assert.equal(story?.hero?.credit, 'Lina Okafor/Harbor Press Pool via Test Wire');
  });

  it('keeps the photo when a new version names none, and takes it away only when the wire says so', async () => {
    const photo = [{ type: 'picture', by: 'Lina Okafor/Harbor Press Pool', renditions: [{ href: 'images/delta-flood-barrier.jpg', width: 1600, height: 900 }] }];
    const first = await receive(ninjs('urn:tw:photo', { associations: photo }));
    const slug = first.items[0]?.slug ?? '';
    const heroOf = async () => (await getStoryBySlug(db().handle.db, slug))?.hero?.credit ?? null;
    assert.equal(await heroOf(), 'Lina Okafor/Harbor Press Pool via Test Wire');
    const textOnly = await receive(ninjs('urn:tw:photo', { version: '2', bodies: [{ role: 'main', contenttype: 'text/html', value: '<p>More text.</p>' }] }));
    assert.equal(textOnly.items[0]?.outcome, 'updated');
    assert.equal(await heroOf(), 'Lina Okafor/Harbor Press Pool via Test Wire', 'a version without pictures keeps the photo');
    const broken = await receive(ninjs('urn:tw:photo', { version: '3', associations: [{ type: 'picture', renditions: [{ href: 'images/missing.jpg' }] }] }));
    assert.equal(broken.items[0]?.warnings.length, 1);
    assert.equal(await heroOf(), 'Lina Okafor/Harbor Press Pool via Test Wire', 'a picture that cannot be read does not take the photo away');
    await receive(ninjs('urn:tw:photo', { version: '4', associations: {} }));
    assert.equal(await heroOf(), null, 'an empty associations removes it');
  });

  it('loads a folder in delivery order, and says which pictures it could not read, everywhere', async () => {
    const folder = path.join(db().dir, 'delivery');
    fs.mkdirSync(folder, { recursive: true });
    // By name the cancel comes first; by time it comes last, so the story is withdrawn in the end either way,
    // and the file order shows in the results.
    fs.writeFileSync(path.join(folder, 'a-cancel.json'), JSON.stringify(ninjs('urn:tw:delivery', { version: '3', versioncreated: '2026-11-22T10:00:00Z', pubstatus: 'canceled' })));
    fs.writeFileSync(path.join(folder, 'b-second.json'), JSON.stringify(ninjs('urn:tw:delivery', { version: '2', versioncreated: '2026-11-21T10:00:00Z' })));
    fs.writeFileSync(
      path.join(folder, 'c-first.json'),
      JSON.stringify(ninjs('urn:tw:delivery', { versioncreated: '2026-11-20T10:00:00Z', associations: [{ type: 'picture', renditions: [{ href: 'missing.jpg' }] }] })),
    );
    fs.writeFileSync(path.join(folder, 'd-undated.json'), JSON.stringify({ uri: 'urn:tw:undated', type: 'text', headlines: [{ role: 'main', value: 'Undated' }], bodies: [{ contenttype: 'text/html', value: '<p>No time.</p>' }] }));
    const warned: Record<string, unknown>[] = [];
    const log = { warn: (detail: Record<string, unknown>) => void warned.push(detail) };
    const results = await loadWireFolder({ db: db().handle.db, mediaDir: path.join(db().dir, 'media'), log }, source, folder);
    assert.deepEqual(results.map((r) => [path.basename(r.file), r.outcome]), [['c-first.json', 'created'], ['b-second.json', 'updated'], ['a-cancel.json', 'withdrawn'], ['d-undated.json', 'created']]);
    assert.match(results[0]?.warnings[0] ?? '', /^picture missing\.jpg: /);
    assert.equal(results[0]?.headline, 'Headline for urn:tw:delivery');
    assert.deepEqual(warned.map((w) => [w.guid, w.headline, (w.warnings as string[]).length]), [['urn:tw:delivery', 'Headline for urn:tw:delivery', 1]], 'the server log hears of it');
    const [payload] = await listPayloads(db().handle.db, 50).then((all) => all.filter((p) => p.origin?.endsWith('c-first.json')));
    const logged = await listPayloadItems(db().handle.db, payload?.id ?? '', 10);
    assert.equal(logged.total, 1);
    assert.match(logged.items[0]?.warnings[0] ?? '', /missing\.jpg/);
    assert.equal(logged.items[0]?.reason, null, 'a warning is not a reason');
    assert.equal(logged.items[0]?.slug, results[0]?.slug);
  });

  it('knows a saved page with no canonical URL by its text, and says so', async () => {
    const page = `<!doctype html><html lang="en"><head><title>Library opens late on Fridays</title></head><body><article><h1>Library opens late on Fridays</h1>
<p>The town library will stay open until nine on Friday evenings from next month, the council said on Tuesday, after a survey of readers.</p>
<p>More than four hundred people answered the survey, and most of them asked for later hours at the end of the week rather than at weekends.</p>
<p>The extra hours will be covered by two new part-time posts, paid for from the library's own budget.</p></article></body></html>`;
    const first = await receive(page);
    assert.equal(first.format, 'html');
    assert.equal(first.items[0]?.outcome, 'created');
    assert.match(first.items[0]?.warnings[0] ?? '', /no canonical URL: it is identified by its source and a hash of its text/);
    assert.match(first.items[0]?.guid ?? '', /^html-sha256:/);
    assert.equal((await receive(page)).items[0]?.outcome, 'unchanged', 'the same saved page again is a repeat');
  });

  it('takes a photo wire: picture items go to the media library, and text items that name them use them', async () => {
    const picture = await receive({
      uri: 'urn:tw:photo-ridge',
      type: 'picture',
      version: '1',
      headline: 'Observatory on the ridge',
      description_text: 'The observatory at dusk, seen from the north road.',
      by: 'Ines Hart/Test Wire',
      copyrightnotice: '© 2026 Test Wire',
      renditions: { original: { href: 'images/volcano-observatory.jpg', width: 1600, height: 900, contenttype: 'image/jpeg' } },
    });
    assert.deepEqual(picture.items.map((i) => [i.outcome, i.storyId]), [['picture-stored', null]]);
    const mediaId = /as (\S+)$/.exec(picture.items[0]?.reason ?? '')?.[1] ?? '';
    const media = await db().handle.db.selectFrom('media').selectAll().where('id', '=', mediaId).executeTakeFirstOrThrow();
    assert.equal(media.caption, 'The observatory at dusk, seen from the north road.');
    assert.equal(media.credit, 'Ines Hart/Test Wire via Test Wire');
    assert.equal(media.rights, '© 2026 Test Wire');
    assert.equal((await receive({ uri: 'urn:tw:photo-ridge', type: 'picture', version: '1', headline: 'Observatory on the ridge', description_text: 'The observatory at dusk, seen from the north road.', by: 'Ines Hart/Test Wire', copyrightnotice: '© 2026 Test Wire', renditions: { original: { href: 'images/volcano-observatory.jpg', width: 1600, height: 900, contenttype: 'image/jpeg' } } })).items[0]?.outcome, 'unchanged');

    const story = await receive(ninjs('urn:tw:ridge-story', { associations: { featureimage: { type: 'picture', uri: 'urn:tw:photo-ridge' } } }));
    assert.deepEqual(story.items.map((i) => [i.outcome, i.warnings]), [['created', []]]);
    const page = await getStoryBySlug(db().handle.db, story.items[0]?.slug ?? '');
    assert.equal(page?.hero?.id, mediaId, 'the text item shows the photo wire\'s picture');

    const early = await receive(ninjs('urn:tw:ridge-early', { associations: { featureimage: { type: 'picture', uri: 'urn:tw:photo-not-yet' } } }));
    assert.equal(early.items[0]?.outcome, 'created');
    assert.match(early.items[0]?.warnings[0] ?? '', /picture urn:tw:photo-not-yet: the item names a picture this site has not received/);

    // NewsML-G2: a pictureItem on its own, then a package in another message that names it.
    const g2Picture = `<?xml version="1.0"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:tw:g2-photo" version="1"><itemMeta><itemClass qcode="ninat:picture"/><versionCreated>2026-11-20T10:00:00Z</versionCreated></itemMeta><contentMeta><headline>Flood barrier</headline><description role="drol:caption">The barrier holds at high tide.</description><creditline>Lina Okafor/Harbor Press Pool</creditline></contentMeta><contentSet><remoteContent href="images/delta-flood-barrier.jpg" width="1600" height="900" contenttype="image/jpeg"/></contentSet></newsItem>`;
    assert.equal((await receive(g2Picture)).items[0]?.outcome, 'picture-stored');
    const g2Package = `<?xml version="1.0"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet><packageItem guid="urn:tw:g2-pkg" version="1"><itemMeta><itemClass qcode="ninat:composite"/><versionCreated>2026-11-20T11:00:00Z</versionCreated></itemMeta><contentMeta><headline>Barrier holds as the river crests</headline></contentMeta><groupSet root="root"><group id="root"><itemRef residref="urn:tw:g2-text"/><itemRef residref="urn:tw:g2-photo"/></group></groupSet></packageItem><newsItem guid="urn:tw:g2-text" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta><headline>Barrier holds as the river crests</headline></contentMeta><contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>The barrier held overnight.</p></body></html></inlineXML></contentSet></newsItem></itemSet></newsMessage>`;
    const pkg = await receive(g2Package);
    assert.deepEqual(pkg.items.map((i) => [i.outcome, i.warnings]), [['created', []]]);
    assert.equal((await getStoryBySlug(db().handle.db, pkg.items[0]?.slug ?? ''))?.hero?.caption, 'The barrier holds at high tide.');
  });

  it('takes Atom entries, and a later update revises the story in place', async () => {
    const atom = (updated: string, title: string) =>
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>urn:tw:atom-1</id><title>${title}</title>
       <published>2026-11-20T08:00:00Z</published><updated>${updated}</updated><author><name>Mei Chen</name></author>
       <category term="World"/><content type="html">&lt;p&gt;${title}.&lt;/p&gt;</content></entry></feed>`;
    const first = await receive(atom('2026-11-20T08:00:00Z', 'Pier reopens'));
    assert.equal(first.format, 'atom');
    assert.equal(first.items[0]?.outcome, 'created');
    const slug = first.items[0]?.slug ?? '';
    assert.equal((await receive(atom('2026-11-20T08:00:00Z', 'Pier reopens'))).items[0]?.outcome, 'unchanged');
    assert.equal((await receive(atom('2026-11-21T10:00:00Z', 'Pier reopens after repairs'))).items[0]?.outcome, 'updated');
    assert.equal((await receive(atom('2026-11-19T10:00:00Z', 'Old copy'))).items[0]?.outcome, 'older-ignored');
    const story = await getStoryBySlug(db().handle.db, slug);
    assert.equal(story?.headline, 'Pier reopens after repairs');
    assert.equal(story?.updatedAt, '2026-11-21T10:00:00.000Z');
    assert.equal(story?.primaryTopic?.name, 'TW - World');
  });

  it('holds an embargoed item until its time, then publishes it dated from the embargo', async () => {
    const report = await receive(ninjs('urn:tw:embargo', { embargoed: '2999-01-01T06:00:00Z', versioncreated: '2026-11-20T10:00:00Z' }));
    assert.equal(report.items[0]?.outcome, 'held-embargo');
    assert.match(report.items[0]?.reason ?? '', /embargoed until 2999-01-01T06:00:00.000Z/);
    const slug = report.items[0]?.slug ?? '';
    const all = await listStories(db().handle.db, { kind: 'all' }, { limit: 500 });
    assert.ok(!all.items.some((s) => s.slug === slug), 'not listed before the embargo lifts');
    assert.deepEqual(await releaseEmbargoes(db().handle.db, '2998-12-31T00:00:00.000Z'), []);
    assert.equal((await releaseEmbargoes(db().handle.db, '2999-01-01T06:00:00.000Z')).length, 1);
    const story = await getStoryBySlug(db().handle.db, slug);
    assert.equal(story?.status, 'published');
    assert.equal(story?.publishedAt, '2999-01-01T06:00:00.000Z');
    assert.deepEqual(await releaseEmbargoes(db().handle.db, '2999-01-02T00:00:00.000Z'), [], 'released once');
  });

  it('runs the release job in the server: a due embargo is published on the next pass', async () => {
    const report = await receive(ninjs('urn:tw:embargo-2', { embargoed: '2999-06-01T00:00:00Z' }));
    await db().handle.db.updateTable('stories').set({ embargo_until: '2000-01-01T00:00:00.000Z' }).where('id', '=', report.items[0]?.storyId ?? '').execute();
    const released: string[][] = [];
    const events = new EventBus();
    const told: string[] = [];
    events.on('story.changed', (e) => void told.push(`${e.change} via ${e.via}: ${e.storyId}`));
    const job = startEmbargoRelease(db().handle.db, { intervalMs: 60_000, onError: (e) => assert.fail(String(e)), onReleased: (ids) => released.push(ids), events });
    try {
      assert.deepEqual(await job.runOnce(), [report.items[0]?.storyId]);
      assert.deepEqual(released, [[report.items[0]?.storyId]]);
      assert.deepEqual(told, [`released via embargo: ${report.items[0]?.storyId}`], 'the release is announced once it is committed');
    } finally {
      await job.stop();
    }
  });

  it('announces each story it created, updated or withdrew, and nothing for unchanged or refused items', async () => {
    const events = new EventBus();
    const told: string[] = [];
    events.on('story.changed', (e) => void told.push(`${e.change}:${e.storyId}`));
    const withEvents = (payload: unknown) =>
      ingestPayload(
        { db: db().handle.db, mediaDir: path.join(db().dir, 'media'), events },
        { source, bytes: Buffer.from(JSON.stringify(payload)), transport: 'file', origin: 'events.json', fetchPicture: folderPictureFetcher(DEMO_WIRE) },
      );
    const first = await withEvents([ninjs('urn:tw:ev-1'), ninjs('urn:tw:ev-2'), { uri: 'urn:tw:ev-bad', type: 'text' }]);
    const [one, two] = first.items.map((i) => i.storyId);
    assert.deepEqual(told, [`created:${one}`, `created:${two}`], 'a refused item (no headline) is not announced');
    told.length = 0;
    await withEvents([ninjs('urn:tw:ev-1'), ninjs('urn:tw:ev-2', { version: '2', versioncreated: '2026-11-20T11:00:00Z' })]);
    assert.deepEqual(told, [`updated:${two}`], 'an unchanged replay is not announced');
    told.length = 0;
    await withEvents(ninjs('urn:tw:ev-1', { version: '3', versioncreated: '2026-11-20T12:00:00Z', pubstatus: 'canceled' }));
    assert.deepEqual(told, [`withdrawn:${one}`]);
  });

  it('unpublishes a withheld story until a usable version arrives', async () => {
    const first = await receive(ninjs('urn:tw:withheld'));
    const slug = first.items[0]?.slug ?? '';
    const withheld = await receive(ninjs('urn:tw:withheld', { version: '2', pubstatus: 'withheld' }));
    assert.equal(withheld.items[0]?.outcome, 'withheld');
    assert.equal((await getStoryBySlug(db().handle.db, slug))?.status, 'withheld');
    assert.equal((await receive(ninjs('urn:tw:withheld', { version: '1' }))).items[0]?.outcome, 'older-ignored', 'an old copy does not bring it back');
    const usable = await receive(ninjs('urn:tw:withheld', { version: '3', headlines: [{ role: 'main', value: 'Back on the wire' }] }));
    assert.equal(usable.items[0]?.outcome, 'updated');
    const story = await getStoryBySlug(db().handle.db, slug);
    assert.equal(story?.status, 'published');
    assert.equal(story?.headline, 'Back on the wire');
  });

  it('turns corrected copy into a public correction note', async () => {
    const first = await receive(ninjs('urn:tw:corr', { headlines: [{ role: 'main', value: 'Mayor opens 12 parks' }] }));
    const slug = first.items[0]?.slug ?? '';
    await receive(ninjs('urn:tw:corr', { version: '2', versioncreated: '2026-11-21T09:00:00Z', headlines: [{ role: 'main', value: 'CORRECTED-Mayor opens 10 parks' }] }));
    await receive(ninjs('urn:tw:corr', { version: '3', versioncreated: '2026-11-22T09:00:00Z', ednote: 'Corrects the number of parks in the third paragraph.', headlines: [{ role: 'main', value: 'Mayor opens 10 parks' }] }));
    const story = await getStoryBySlug(db().handle.db, slug);
    assert.equal(story?.headline, 'Mayor opens 10 parks');
    assert.deepEqual(story?.corrections, [
      { notedAt: '2026-11-21T09:00:00.000Z', note: 'An earlier version of this story contained an error that has been corrected.' },
      { notedAt: '2026-11-22T09:00:00.000Z', note: 'Corrects the number of parks in the third paragraph.' },
    ]);
  });

  it('orders copies by content when an item has neither a version nor a time, the same in either order', async () => {
    const bare = (uri: string, body: string) => ({ uri, type: 'text', headlines: [{ role: 'main', value: `Versionless item ${uri.slice(-1)}` }], bodies: [{ contenttype: 'text/html', value: body }] });
    const first = await receive(bare('urn:tw:bare-a', '<p>One.</p>'));
    assert.equal(first.items[0]?.outcome, 'created');
    assert.equal((await receive(bare('urn:tw:bare-a', '<p>One.</p>'))).items[0]?.outcome, 'unchanged');
    await receive(bare('urn:tw:bare-a', '<p>Two.</p>'));
    const other = await receive(bare('urn:tw:bare-b', '<p>Two.</p>'));
    await receive(bare('urn:tw:bare-b', '<p>One.</p>'));
    // The wire gives no order, so every order and every instance picks the same copy.
    const a = await getStoryBySlug(db().handle.db, first.items[0]?.slug ?? '');
    const b = await getStoryBySlug(db().handle.db, other.items[0]?.slug ?? '');
    assert.ok(a && b);
    assert.equal(a.bodyHtml, b.bodyHtml);
  });

  it('takes NITF: a story with its photo, a corrected version, then a kill that withdraws it', async () => {
    const nitf = (version: number, docdata: string, headline: string) => `<?xml version="1.0"?>
<nitf><head><docdata management-status="usable"><doc-id id-string="tw-nitf-quay"/><du-key key="quay" version="${version}"/>
<date.issue norm="2026112${version}T090000Z"/>${docdata}<key-list><keyword key="World"/></key-list></docdata></head>
<body><body.head><hedline><hl1>${headline}</hl1></hedline><byline>By <person>Noor Haddad</person></byline></body.head>
<body.content><p>The old quay reopened to boats on Tuesday.</p>
<media media-type="image"><media-reference source="images/delta-flood-barrier.jpg" mime-type="image/jpeg" width="1600" height="900"/>
<media-caption>Boats return to the quay.</media-caption><media-producer>Lina Okafor/Harbor Press Pool</media-producer></media>
</body.content></body></nitf>`;
    const first = await receive(nitf(1, '', 'Harbour quay reopens after repairs'));
    assert.equal(first.format, 'nitf');
    assert.deepEqual(first.items.map((i) => [i.outcome, i.warnings]), [['created', []]]);
    const slug = first.items[0]?.slug ?? '';
    let story = await getStoryBySlug(db().handle.db, slug);
    assert.equal(story?.status, 'published');
    assert.deepEqual(story?.authors.map((a) => a.name), ['Noor Haddad']);
    assert.equal(story?.hero?.caption, 'Boats return to the quay.');
    assert.equal(story?.hero?.credit, 'Lina Okafor/Harbor Press Pool via Test Wire');
    assert.equal(story?.primaryTopic?.name, 'TW - World');

    const corrected = await receive(nitf(2, '<correction info="Corrects the day the quay reopened."/>', 'Harbour quay reopens after repairs'));
    assert.equal(corrected.items[0]?.outcome, 'updated');
    story = await getStoryBySlug(db().handle.db, slug);
    assert.deepEqual(story?.corrections.map((c) => c.note), ['Corrects the day the quay reopened.']);

    const killed = await receive(nitf(3, '<ed-msg msg-type="kill" info="Withdrawn: wrong harbour."/>', 'Harbour quay reopens after repairs'));
    assert.equal(killed.items[0]?.outcome, 'withdrawn');
    assert.equal((await getStoryBySlug(db().handle.db, slug))?.status, 'withdrawn');
  });

  it('removes only a source that no story came from', async () => {
    const unused = await upsertSource(db().handle.db, { slug: 'unused-wire', name: 'Unused', shortName: 'UW', kind: 'wire', defaultRights: null, canonicalPolicy: 'original' });
    await receive('not a payload', unused);
    assert.deepEqual(await removeSource(db().handle.db, 'unused-wire'), { removed: true, reason: null });
    const kept = await removeSource(db().handle.db, 'test-wire');
    assert.equal(kept.removed, false);
    assert.match(kept.reason ?? '', /stories came from "test-wire"/);
  });
});
