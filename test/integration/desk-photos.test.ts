// A story's photo uploaded on the desk, on both engines: it is stored with its caption, credit
// and alt text, readers get renditions without the camera's EXIF or GPS (the original is not
// served), a file that is not an image or is too large is refused with the reason and stores
// nothing, and a station story cannot go out with a photo nobody described.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { Role } from '../../src/modules/accounts/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { addStaff, storyIdIn, type Staff } from '../helpers/staff.ts';


/** A JPEG as a phone writes it: with EXIF and a GPS position. */
function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 40, g: 90, b: 160 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestCam', Model: 'Pocket 9' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '122/1 40/1 0/1' } })
    .toBuffer();
}

for (const dialect of DIALECTS) {
  describe(`story photos on the desk [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let staff: Staff;
    const signedIn = (role: Role) => staff.signedIn(role);
    before(async () => {
      site = await createTestSite(dialect);
      staff = await addStaff(site, ['reporter', 'editor']);
    });
    after(() => site?.close());

    it('stores an uploaded photo as the story’s, and serves it without EXIF or GPS', async () => {
      const bytes = await photoWithGps();
      assert.ok((await sharp(bytes).metadata()).exif, 'the upload carries EXIF');
      const reporter = await signedIn('reporter');
      const made = await reporter.submit('/desk/stories/new', '/desk/stories', { headline: 'New playground opens at Alder Park', body: 'Children tried the slides first.' });
      const id = storyIdIn(made.headers.location);
      await reporter.get(`/desk/stories/${id}`);
      const uploaded = await reporter.postFile(`/desk/stories/${id}/photo`, { _csrf: reporter.csrf, caption: 'The new slides at Alder Park on opening day.', credit: 'Staff reporter/Kestrel Valley 7', alt: 'Children climb a red slide in a park.' }, { field: 'photo', name: 'park.jpg', type: 'image/jpeg', bytes });
      assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 300));
      assert.equal(uploaded.headers.location, `/desk/stories/${id}?done=photo`);
      const desk = await reporter.get(`/desk/stories/${id}?done=photo`);
      assert.match(desk.body, /Photo saved\./);
      assert.match(desk.body, /alt="Children climb a red slide in a park\."/);

      const editor = await signedIn('editor');
      await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/publish`, {});
      const slug = /href="\/stories\/([^"]+)">Read it on the site/.exec((await editor.get(`/desk/stories/${id}`)).body)?.[1];
      const page = (await site.app.inject({ url: `/stories/${slug}` })).body;
      assert.match(page, /The new slides at Alder Park on opening day\./);
      assert.match(page, /Staff reporter\/Kestrel Valley 7/);
      const src = /<img src="(\/media\/[^"]+)"/.exec(page)?.[1];
      assert.ok(src, 'the story page shows the photo');
      const served = await site.app.inject({ url: src });
      assert.equal(served.statusCode, 200);
      const meta = await sharp(served.rawPayload).metadata();
      assert.equal(meta.exif, undefined, 'no EXIF in what readers get');
      const original = await site.web.db.selectFrom('media').select('original_path').where('alt_text', '=', 'Children climb a red slide in a park.').executeTakeFirstOrThrow();
      assert.equal((await site.app.inject({ url: `/media/${original.original_path}` })).statusCode, 404, 'the original, with its GPS, is not served');
    });

    it('refuses a file that is not an image, or an oversized one, with the reason, storing nothing', async () => {
      const editor = await signedIn('editor');
      const made = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'Fire drill at the courthouse', body: 'Nobody was hurt.' });
      const id = storyIdIn(made.headers.location);
      await editor.get(`/desk/stories/${id}`);
      const media = async () => (await site.web.db.selectFrom('media').select('id').execute()).length;
      const before = await media();
      const text = await editor.postFile(`/desk/stories/${id}/photo`, { _csrf: editor.csrf, alt: 'Not really a photo.' }, { field: 'photo', name: 'notes.jpg', type: 'image/jpeg', bytes: Buffer.from('these are my notes, not a picture') });
      assert.equal(text.statusCode, 422);
      assert.match(text.body, /not a readable image/);
      const huge = await editor.postFile(`/desk/stories/${id}/photo`, { _csrf: editor.csrf, alt: 'Too big.' }, { field: 'photo', name: 'huge.jpg', type: 'image/jpeg', bytes: Buffer.alloc(26 * 1024 * 1024, 1) });
      assert.equal(huge.statusCode, 413);
      assert.match(huge.body, /25 MB/);
      const noAlt = await editor.postFile(`/desk/stories/${id}/photo`, { _csrf: editor.csrf, alt: ' ' }, { field: 'photo', name: 'p.jpg', type: 'image/jpeg', bytes: await photoWithGps() });
      assert.equal(noAlt.statusCode, 409);
      assert.equal(await media(), before, 'nothing was stored');
      const anonymous = await new FormClient(site).postFile(`/desk/stories/${id}/photo`, { alt: 'x' }, { field: 'photo', name: 'p.jpg', type: 'image/jpeg', bytes: Buffer.from('x') });
      assert.equal(anonymous.statusCode, 401);
    });

    it('does not publish a station story whose photo has no alt text', async () => {
      const editor = await signedIn('editor');
      const made = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'Ferry timetable changes in spring', body: 'Earlier sailings.' });
      const id = storyIdIn(made.headers.location);
      await editor.get(`/desk/stories/${id}`);
      const bytes = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
      await editor.postFile(`/desk/stories/${id}/photo`, { _csrf: editor.csrf, alt: 'A ferry at the dock.' }, { field: 'photo', name: 'ferry.png', type: 'image/png', bytes });
      const mediaId = (await site.web.db.selectFrom('story_media').select('media_id').where('story_id', '=', id).executeTakeFirstOrThrow()).media_id;
      await site.web.db.updateTable('media').set({ alt_text: null }).where('id', '=', mediaId).execute();
      const refused = await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/publish`, {});
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /Describe every picture and video on the story/);
      const removed = await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/photo-remove`, {});
      assert.equal(removed.headers.location, `/desk/stories/${id}?done=photo-removed`);
      assert.equal((await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/publish`, {})).statusCode, 303);
    });
  });
}
