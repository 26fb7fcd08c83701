// The media library over HTTP on both engines: pictures uploaded to it are found by caption and
// credit, reused on a story without a copy, and described once for every story that shows them
// (the reader's page shows the new words at once); only staff who write may open it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { Role } from '../../src/modules/accounts/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { addStaff, storyIdIn, type Staff } from '../helpers/staff.ts';

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
      const added = await reporter.postFile('/desk/media', { _csrf: reporter.csrf, caption: 'Fishing boats at dawn in the harbour', credit: 'Lee Park/Kestrel Valley 7', alt: 'Three boats tied up at a wooden pier.' }, { field: 'photo', name: 'boats.jpg', type: 'image/jpeg', bytes: await picture(30) });
      assert.equal(added.statusCode, 303);
      assert.ok(mediaIdIn(added.headers.location));
      await reporter.postFile('/desk/media', { _csrf: reporter.csrf, caption: 'Council chamber before the vote', credit: 'Dana Whitfield/Kestrel Valley 7', alt: 'Empty chairs facing a long desk.' }, { field: 'photo', name: 'council.jpg', type: 'image/jpeg', bytes: await picture(80) });
      const all = await reporter.get('/desk/media');
      assert.ok(all.body.indexOf('Council chamber') < all.body.indexOf('Fishing boats'), 'newest first');
      const harbour = await reporter.get('/desk/media?q=HARBOUR');
      assert.match(harbour.body, /Fishing boats at dawn/);
      assert.doesNotMatch(harbour.body, /Council chamber/);
      assert.match((await reporter.get('/desk/media?q=whitfield')).body, /Council chamber/);
      const wild = await reporter.get(`/desk/media?q=${encodeURIComponent('%_ NEAR( "')}`);
      assert.equal(wild.statusCode, 200);
      assert.match(wild.body, /No picture’s caption or credit has those words/);
      const notImage = await reporter.postFile('/desk/media', { _csrf: reporter.csrf, caption: 'x' }, { field: 'photo', name: 'notes.jpg', type: 'image/jpeg', bytes: Buffer.from('plain text, not a picture') });
      assert.equal(notImage.statusCode, 422, 'not a picture: refused with the reason, nothing stored');
    });

    it('reuses a library picture on a story and describes it once for every story showing it', async () => {
      const editor = await staff.signedIn('editor');
      await editor.get('/desk/media');
      const added = await editor.postFile('/desk/media', { _csrf: editor.csrf, caption: 'Snowplow on Route 9', credit: 'Kestrel Valley 7', alt: 'A yellow plow clearing a road.' }, { field: 'photo', name: 'plow.jpg', type: 'image/jpeg', bytes: await picture(140) });
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
  });
}
