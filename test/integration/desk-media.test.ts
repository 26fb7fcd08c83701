// The media library over HTTP on both engines: pictures and videos uploaded to it are found by
// caption and credit, reused on a story without a copy, and described once for every story that
// shows them (the reader's page shows the new words at once); only staff who write may open it;
// each upload and description is in the desk log.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { Role } from '../../src/modules/accounts/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { addStaff, storyIdIn, type Staff } from '../helpers/staff.ts';
import { mp4Bytes, SHOT_AT, webmBytes } from '../helpers/video-files.ts';
import { bodyHtmlFrom, createStory } from '../../src/modules/stories/index.ts';
import { upsertSource } from '../../src/modules/ingest/index.ts';

const picture = (r: number) => sharp({ create: { width: 900, height: 600, channels: 3, background: { r, g: 110, b: 90 } } }).jpeg().toBuffer();
const mediaIdIn = (location: unknown) => /\/desk\/media\/([0-9a-z-]+)\?/.exec(String(location))?.[1] ?? '';

for (const dialect of DIALECTS) {
  describe(`the media library [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let staff: Staff;
    before(async () => {
      site = await createTestSite(dialect);
      staff = await addStaff(site, ['reader', 'moderator', 'reporter', 'editor'] as Role[]);
    });
    after(() => site?.close());

    it('is open to reporters and editors only', async () => {
      for (const role of ['reader', 'moderator'] as Role[]) assert.equal((await (await staff.signedIn(role)).get('/desk/media')).statusCode, 403, role);
      assert.equal((await (await staff.signedIn('reporter')).get('/desk/media')).statusCode, 200);
    });

    it('finds pictures by caption and credit, newest first, and takes any words as letters', async () => {
      const reporter = await staff.signedIn('reporter');
      await reporter.get('/desk/media');
      const added = await reporter.postFile(`/desk/media?_csrf=${reporter.csrf}`, { caption: 'Fishing boats at dawn in the harbour', credit: 'Lee Park/Kestrel Valley 7', alt: 'Three boats tied up at a wooden pier.' }, { field: 'file', name: 'boats.jpg', type: 'image/jpeg', bytes: await picture(30) });
      assert.equal(added.statusCode, 303);
      assert.ok(mediaIdIn(added.headers.location));
      await reporter.postFile(`/desk/media?_csrf=${reporter.csrf}`, { caption: 'Council chamber before the vote', credit: 'Dana Whitfield/Kestrel Valley 7', alt: 'Empty chairs facing a long desk.' }, { field: 'file', name: 'council.jpg', type: 'image/jpeg', bytes: await picture(80) });
      const all = await reporter.get('/desk/media');
      assert.ok(all.body.indexOf('Council chamber') < all.body.indexOf('Fishing boats'), 'newest first');
      const harbour = await reporter.get('/desk/media?q=HARBOUR');
      assert.match(harbour.body, /Fishing boats at dawn/);
      assert.doesNotMatch(harbour.body, /Council chamber/);
      assert.match((await reporter.get('/desk/media?q=whitfield')).body, /Council chamber/);
      const wild = await reporter.get(`/desk/media?q=${encodeURIComponent('%_ NEAR( "')}`);
      assert.equal(wild.statusCode, 200);
      assert.match(wild.body, /No caption or credit in the library has those words/);
      const notImage = await reporter.postFile(`/desk/media?_csrf=${reporter.csrf}`, { caption: 'x' }, { field: 'file', name: 'notes.jpg', type: 'image/jpeg', bytes: Buffer.from('plain text, not a picture') });
      assert.equal(notImage.statusCode, 415, 'not a picture: refused with the reason, nothing stored');
      assert.match(notImage.body, /neither a picture/);
    });

    it('reuses a library picture on a story and describes it once for every story showing it', async () => {
      const editor = await staff.signedIn('editor');
      await editor.get('/desk/media');
      const added = await editor.postFile(`/desk/media?_csrf=${editor.csrf}`, { caption: 'Snowplow on Route 9', credit: 'Kestrel Valley 7', alt: 'A yellow plow clearing a road.' }, { field: 'file', name: 'plow.jpg', type: 'image/jpeg', bytes: await picture(140) });
      const mediaId = mediaIdIn(added.headers.location);
      const made = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'Plows out before dawn', body: 'Crews started at four.' });
      const storyId = storyIdIn(made.headers.location);
      const choosing = await editor.get(`/desk/media?for=${storyId}`);
      assert.match(choosing.body, /Choosing a photo for/);
      const used = await editor.post(`/desk/stories/${storyId}/photo-from-library`, { _csrf: editor.csrf, media: mediaId });
      assert.equal(used.headers.location, `/desk/stories/${storyId}?done=photo`);
      const hero = await site.web.db.selectFrom('story_media').select(['media_id', 'role']).where('story_id', '=', storyId).execute();
      assert.deepEqual(hero, [{ media_id: mediaId, role: 'hero' }]);
      assert.match((await editor.get('/desk/media?q=snowplow')).body, /on 1 story/);
      await editor.submit(`/desk/stories/${storyId}`, `/desk/stories/${storyId}/publish`, {});
      const { slug } = await site.web.db.selectFrom('stories').select('slug').where('id', '=', storyId).executeTakeFirstOrThrow();
      assert.match((await site.app.inject({ url: `/stories/${slug}` })).body, /Snowplow on Route 9/);

      const described = await editor.submit(`/desk/media/${mediaId}`, `/desk/media/${mediaId}`, { caption: 'A county plow clears Route 9 near Mill Creek', credit: 'Lee Park/Kestrel Valley 7', alt: 'A yellow plow clearing a snowy road.', rights: '' });
      assert.equal(described.headers.location, `/desk/media/${mediaId}?done=saved`);
      const page = (await site.app.inject({ url: `/stories/${slug}` })).body;
      assert.match(page, /A county plow clears Route 9 near Mill Creek/, 'the published story shows the new caption at once');
      assert.match(page, /Lee Park\/Kestrel Valley 7/);
      assert.match((await editor.get(`/desk/media/${mediaId}`)).body, /Plows out before dawn/, 'the picture lists where it is used');
      const missing = await editor.post(`/desk/stories/${storyId}/photo-from-library`, { _csrf: editor.csrf, media: '00000000-0000-4000-8000-000000000000' });
      assert.equal(missing.statusCode, 404);
      assert.equal((await editor.get('/desk/media/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    });

    it('takes a video, strips where it was shot, serves it with its poster on the story, and logs it', async () => {
      const editor = await staff.signedIn('editor');
      await editor.get('/desk/media');
      const added = await editor.postFile(`/desk/media?_csrf=${editor.csrf}`, { caption: 'The river at the Mill Street bridge at noon', credit: 'Kestrel Valley 7', alt: 'Brown water running just under the bridge deck.' }, { field: 'file', name: 'river.mp4', type: 'video/mp4', bytes: mp4Bytes({ width: 1920, height: 1080 }) });
      assert.equal(added.statusCode, 303);
      const videoId = mediaIdIn(added.headers.location);
      const row = await site.web.db.selectFrom('media').select(['kind', 'mime', 'width', 'height', 'original_path', 'poster_media_id']).where('id', '=', videoId).executeTakeFirstOrThrow();
      assert.deepEqual({ ...row, original_path: row.original_path.replace(/[0-9a-f]{64}/, 'HASH') }, { kind: 'video', mime: 'video/mp4', width: 1920, height: 1080, original_path: 'video/HASH.mp4', poster_media_id: null });
      const served = await site.app.inject({ url: `/media/${row.original_path}` });
      assert.equal(served.statusCode, 200);
      assert.ok(!served.rawPayload.includes(SHOT_AT), 'the place it was shot is not in the served file');
      const part = await site.app.inject({ url: `/media/${row.original_path}`, headers: { range: 'bytes=0-99' } });
      assert.equal(part.statusCode, 206, 'browsers seek with ranges');
      assert.equal(part.rawPayload.length, 100);

      const item = await editor.get(`/desk/media/${videoId}`);
      assert.match(item.body, /MP4 video, 1920 × 1080 pixels/);
      assert.match(item.body, /has no poster picture yet/);
      const poster = await editor.postFile(`/desk/media/${videoId}/poster?_csrf=${editor.csrf}`, {}, { field: 'poster', name: 'still.jpg', type: 'image/jpeg', bytes: await picture(200) });
      assert.equal(poster.headers.location, `/desk/media/${videoId}?done=poster`);
      const count = async () => Number((await site.web.db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      const videoPoster = await editor.postFile(`/desk/media/${videoId}/poster?_csrf=${editor.csrf}`, {}, { field: 'poster', name: 'clip.webm', type: 'video/webm', bytes: webmBytes({ width: 200 }) });
      assert.equal(videoPoster.statusCode, 415, 'a poster must be a picture');
      assert.equal(await count(), before, 'and the video sent as one is not kept');
      assert.ok((await site.web.db.selectFrom('media').select('poster_media_id').where('id', '=', videoId).executeTakeFirstOrThrow()).poster_media_id);

      const made = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'River stays under the bridge deck', body: 'The water peaked at noon.' });
      const storyId = storyIdIn(made.headers.location);
      await editor.post(`/desk/stories/${storyId}/photo-from-library`, { _csrf: editor.csrf, media: videoId });
      await editor.submit(`/desk/stories/${storyId}`, `/desk/stories/${storyId}/publish`, {});
      const { slug } = await site.web.db.selectFrom('stories').select('slug').where('id', '=', storyId).executeTakeFirstOrThrow();
      const page = (await site.app.inject({ url: `/stories/${slug}` })).body;
      assert.match(page, new RegExp(`<video class="video-player" controls[^>]* preload="none" width="1920" height="1080" poster="/media/r/[0-9a-f]+-900\\.jpg" aria-label="Brown water running just under the bridge deck\\."><source src="/media/${row.original_path}" type="video/mp4"/>`));
      assert.match(page, /<meta property="og:image" content="[^"]+\/media\/r\/[0-9a-f]+-900\.jpg"/, 'the poster stands for the story when shared');
      assert.match((await site.app.inject({ url: '/' })).body, new RegExp(`River stays under the bridge deck`));

      const log = (await editor.get('/desk/log')).body;
      assert.match(log, /<td>upload<\/td><td>Media library: <a href="\/desk\/media\/[0-9a-f-]+">The river at the Mill Street bridge at noon<\/a><\/td><td>—<\/td><td>video\/mp4, 1920×1080, 0\.0 MB<\/td>/);
      assert.match(log, /<td>poster<\/td>/);
    });

    it('refuses what is not a whole video, and leaves nothing half-written behind', async () => {
      const reporter = await staff.signedIn('reporter');
      await reporter.get('/desk/media');
      const before = await site.web.db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const cut = await reporter.postFile(`/desk/media?_csrf=${reporter.csrf}`, { caption: 'Cut short' }, { field: 'file', name: 'cut.mp4', type: 'video/mp4', bytes: mp4Bytes().subarray(0, 120) });
      assert.equal(cut.statusCode, 422);
      assert.match(cut.body, /not a whole video/);
      const noTrack = await reporter.postFile(`/desk/media?_csrf=${reporter.csrf}`, { caption: 'Sound only' }, { field: 'file', name: 'sound.mp4', type: 'video/mp4', bytes: mp4Bytes({ withTrack: false }) });
      assert.match(noTrack.body, /no video track/);
      const webm = await reporter.postFile(`/desk/media?_csrf=${reporter.csrf}`, { caption: 'Traffic on Route 9 at dusk', alt: 'Headlights on a wet road.' }, { field: 'file', name: 'traffic.webm', type: 'video/webm', bytes: webmBytes() });
      assert.equal(webm.statusCode, 303, 'a WebM video is taken');
      const badPoster = await reporter.postMultipart(`/desk/media?_csrf=${reporter.csrf}`, { caption: 'Ducks on the mill pond', alt: 'Six ducks on still water.' }, [
        { field: 'file', name: 'ducks.webm', type: 'video/webm', bytes: webmBytes({ width: 480 }) },
        { field: 'poster', name: 'ducks.jpg', type: 'image/jpeg', bytes: Buffer.from('not a picture') },
      ]);
      assert.equal(badPoster.statusCode, 201, 'the video is kept');
      assert.match(badPoster.body, /The video is in the library, but not its poster picture: The file is neither a picture/);
      const noCsrf = await reporter.postFile('/desk/media', { caption: 'x' }, { field: 'file', name: 'x.webm', type: 'video/webm', bytes: webmBytes({ width: 320 }) });
      assert.equal(noCsrf.statusCode, 403, 'an upload without the form’s token is refused before it is read');
      const after = await site.web.db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n) + 2, 'only the two WebM videos were stored');
      assert.deepEqual(await fs.readdir(path.join(site.config.mediaDir, 'incoming')), [], 'no partial upload is left');
    });

    it('places library pictures and videos in a body, and YouTube or Vimeo as a click-to-load video', async () => {
      const editor = await staff.signedIn('editor');
      await editor.get('/desk/media');
      const added = await editor.postFile(`/desk/media?_csrf=${editor.csrf}`, { caption: 'Sandbags stacked outside the library', credit: 'Kestrel Valley 7' }, { field: 'file', name: 'sandbags.jpg', type: 'image/jpeg', bytes: await picture(60) });
      const pictureId = mediaIdIn(added.headers.location);
      const picked = await editor.get('/desk/media/pick?q=sandbags');
      assert.deepEqual((JSON.parse(picked.body) as { items: { id: string; kind: string }[] }).items.map((i) => [i.id, i.kind]), [[pictureId, 'image']], 'the editor’s picker finds it');
      const body = [`The water came within a foot of the door.`, '', `<figure data-media="${pictureId}"></figure>`, '', 'https://youtu.be/aB3dE5gH7jK', '', 'Volunteers worked through the night.'].join('\n');
      const html = `<p>The water came within a foot of the door.</p><figure data-media="${pictureId}"></figure><figure data-embed="youtube" data-id="aB3dE5gH7jK" data-title="Volunteers fill sandbags"></figure><p>Volunteers worked through the night.</p>`;
      const made = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'Library sandbagged against the river', body: html });
      const storyId = storyIdIn(made.headers.location);
      const inline = await site.web.db.selectFrom('story_media').select(['media_id', 'role']).where('story_id', '=', storyId).execute();
      assert.deepEqual(inline, [{ media_id: pictureId, role: 'inline' }], 'the body’s picture is the story’s inline media');
      const refused = await editor.submit(`/desk/stories/${storyId}`, `/desk/stories/${storyId}/publish`, {});
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /Describe every picture and video/);
      await editor.submit(`/desk/media/${pictureId}`, `/desk/media/${pictureId}`, { caption: 'Sandbags stacked outside the library', credit: 'Kestrel Valley 7', alt: 'A wall of sandbags at a glass door.', rights: '' });
      assert.equal((await editor.submit(`/desk/stories/${storyId}`, `/desk/stories/${storyId}/publish`, {})).statusCode, 303);
      const { slug } = await site.web.db.selectFrom('stories').select('slug').where('id', '=', storyId).executeTakeFirstOrThrow();
      const reader = await site.app.inject({ url: `/stories/${slug}` });
      assert.match(reader.body, /<figure class="body-figure"><picture>.*alt="A wall of sandbags at a glass door\.".*<\/picture><figcaption><span class="caption">Sandbags stacked outside the library<\/span><span class="credit">Kestrel Valley 7<\/span><\/figcaption><\/figure>/);
      assert.match(reader.body, /<figure class="video-embed" data-player="https:\/\/www\.youtube-nocookie\.com\/embed\/aB3dE5gH7jK\?autoplay=1&amp;rel=0" data-title="Volunteers fill sandbags"><a class="video-embed__link" href="https:\/\/www\.youtube\.com\/watch\?v=aB3dE5gH7jK" rel="noopener">/);
      assert.doesNotMatch(reader.body, /<iframe|ytimg|i\.vimeocdn/, 'nothing is loaded from the video host until the reader asks');
      assert.match(reader.body, /<script src="\/assets\/video-embeds\.[0-9a-f]+\.js" defer>/);
      assert.match(String(reader.headers['content-security-policy']), /frame-src https:\/\/www\.youtube-nocookie\.com https:\/\/player\.vimeo\.com/);

      const plain = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'Plain text with a video line', body });
      const plainId = storyIdIn(plain.headers.location);
      const stored = await site.web.db.selectFrom('stories').select('body_html').where('id', '=', plainId).executeTakeFirstOrThrow();
      assert.equal(stored.body_html, `<p>The water came within a foot of the door.</p>\n<figure data-media="${pictureId}"></figure>\n<figure data-embed="youtube" data-id="aB3dE5gH7jK"></figure>\n<p>Volunteers worked through the night.</p>`, 'plain text: an address or a library line alone on a line is placed');
      assert.equal(bodyHtmlFrom('Say <figure data-media="x"> and <b>this</b>'), '<p>Say &lt;figure data-media="x"&gt; and &lt;b&gt;this&lt;/b&gt;</p>', 'other typed tags stay text');
      const gone = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'A picture that is not there', body: '<figure data-media="00000000-0000-4000-8000-000000000000"></figure>' });
      assert.equal(gone.statusCode, 400);
      assert.match(gone.body, /no longer in the library/);
    });

    it('keeps a wire story’s video embeds as click-to-load videos', async () => {
      const source = await upsertSource(site.database.handle.db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', slug: 'embed-wire', name: 'Embed Wire', shortName: 'EW' });
      const story = await createStory(site.web.db, {
        headline: 'Storm footage from the coast',
        bodyHtml: '<p>Waves topped the sea wall.</p><iframe src="https://player.vimeo.com/video/76979871" title="Waves over the wall"></iframe><iframe src="https://maps.example/embed?q=coast"></iframe>',
        authors: [],
        topics: [],
        publishedAt: new Date().toISOString(),
        sourceId: source.id,
        originGuid: 'ew-1',
      });
      const page = (await site.app.inject({ url: `/stories/${story.slug}` })).body;
      assert.match(page, /<figure class="video-embed" data-player="https:\/\/player\.vimeo\.com\/video\/76979871\?autoplay=1&amp;dnt=1" data-title="Waves over the wall">/);
      assert.match(page, /<p class="embed-link"><a href="https:\/\/maps\.example\/embed\?q=coast" rel="noopener nofollow">Embedded content: view it on maps\.example<\/a><\/p>/);
      assert.doesNotMatch(page, /<iframe/);
    });
  });
}
