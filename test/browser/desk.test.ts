// The newsroom desk in Chromium, JavaScript off: a reporter writes and submits a story, an
// editor publishes it and a reader sees it; a held wire story is released from the queue; a
// wire update to a story the desk localised is shown as a diff and merged; and axe-core finds
// nothing wrong on the desk's pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { createUser, type Role } from '../../src/modules/accounts/index.ts';
import { folderPictureFetcher, ingestPayload, upsertSource } from '../../src/modules/ingest/index.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { axeViolations, browserSkipReason, describeViolations, launchBrowser, screenshot } from '../helpers/browser.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'lantern over the ferry';

for (const dialect of DIALECTS) {
  describe(`the newsroom desk in Chromium [${dialect}]`, { skip: skipReason(dialect) || browserSkipReason() }, () => {
    let site: TestSite;
    let base: string;
    let browser: Browser;

    before(async () => {
      site = await createTestSite(dialect);
      base = await site.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchBrowser();
      const names: Partial<Record<Role, string>> = { reporter: 'Rae Porter', editor: 'Eddie Tor', admin: 'Ada Min' };
      for (const role of ['reporter', 'editor', 'admin'] as Role[]) {
        await createUser(site.web.db, { email: `${role}@kv7.example`, displayName: names[role]!, password: PASSWORD, role, verified: true });
      }
    });

    after(async () => {
      await browser?.close();
      await site?.close();
    });

    /** A signed-in person's browser, JavaScript on or off. */
    async function signedIn(role: Role, javaScriptEnabled = false): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${base}/account/sign-in?next=/desk`);
      await page.getByLabel('Email address').fill(`${role}@kv7.example`);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/desk\/stories$/);
      return { context, page };
    }

    it('takes a reporter’s story through an editor to the reader, with JavaScript off', async () => {
      const reporter = await signedIn('reporter');
      const page = reporter.page;
      await page.getByRole('link', { name: 'Write a story' }).click();
      await page.getByLabel('Headline').fill('Snowplows ready for the first storm');
      await page.getByLabel('Standfirst').fill('The county has 40 trucks and a new salt dome.');
      await page.getByLabel('Dateline').fill('KESTREL FALLS');
      await page.getByLabel('Body').fill('Crews loaded salt on Monday.\n\n“We are ready,” the road supervisor said.');
      await page.getByLabel('Byline').fill('Rae Porter');
      await page.getByLabel('Topic').selectOption('local-news');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\/desk\/stories\/[0-9a-z-]+\?done=created$/);
      assert.equal(await page.getByRole('status').innerText(), 'Draft saved.');
      assert.equal(await page.getByRole('button', { name: 'Publish now' }).count(), 0, 'a reporter cannot publish');
      const photo = await sharp({ create: { width: 1200, height: 675, channels: 3, background: { r: 230, g: 236, b: 245 } } })
        .composite([{ input: Buffer.from('<svg width="1200" height="675"><rect x="150" y="380" width="900" height="160" fill="#f0a020"/><circle cx="330" cy="560" r="60" fill="#333"/><circle cx="870" cy="560" r="60" fill="#333"/></svg>'), top: 0, left: 0 }])
        .jpeg()
        .toBuffer();
      await page.getByLabel('Upload a photo').setInputFiles({ name: 'plow.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.getByLabel('Caption').fill('A county plow truck loaded with salt on Monday.');
      await page.getByLabel('Credit').fill('Rae Porter/Kestrel Valley 7');
      await page.getByLabel('Alt text').fill('An orange plow truck in a county yard.');
      await page.getByRole('button', { name: 'Upload photo' }).click();
      await page.waitForURL(/done=photo$/);
      assert.equal(await page.getByRole('status').innerText(), 'Photo saved.');
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await page.waitForURL(/done=submit$/);
      const storyUrl = page.url().replace(/\?.*$/, '');
      await reporter.context.close();

      const editor = await signedIn('editor');
      await editor.page.goto(storyUrl);
      assert.match(await editor.page.locator('.desk-story-meta').innerText(), /In review/);
      await screenshot(editor.page, `desk-editor-${dialect}`);
      await editor.page.getByRole('link', { name: 'Preview the reader’s page' }).click();
      assert.match(await editor.page.getByRole('status').innerText(), /Preview: this story is in review/);
      assert.equal(await editor.page.locator('article img[alt="An orange plow truck in a county yard."]').count(), 1);
      await screenshot(editor.page, `desk-preview-${dialect}`);
      await editor.page.getByRole('link', { name: 'Back to the editor' }).click();
      await editor.page.getByLabel('Headline').fill('Snowplows and 40 trucks ready for the first storm');
      await editor.page.getByRole('button', { name: 'Save', exact: true }).click();
      await editor.page.waitForURL(/done=saved$/);
      await editor.page.getByRole('button', { name: 'Publish now' }).click();
      await editor.page.waitForURL(/done=publish$/);
      await editor.page.getByRole('link', { name: 'Read it on the site' }).click();
      assert.equal(await editor.page.locator('h1').textContent(), 'Snowplows and 40 trucks ready for the first storm');
      assert.match(await editor.page.locator('article').innerText(), /We are ready/);
      assert.equal(await editor.page.locator('article img[alt="An orange plow truck in a county yard."]').count(), 1);
      assert.match(await editor.page.locator('article figcaption').first().innerText(), /Rae Porter\/Kestrel Valley 7/i, "the credit (set in capitals by the stylesheet)");
      await screenshot(editor.page, `desk-published-story-${dialect}`);
      await editor.page.goto(storyUrl);
      await editor.page.getByLabel('Note shown to readers').fill('An earlier version said 30 trucks. The county has 40.');
      await editor.page.getByRole('button', { name: 'Add the note' }).click();
      await editor.page.waitForURL(/done=correct$/);
      await editor.page.goto(`${base}/corrections`);
      assert.match(await editor.page.locator('main').innerText(), /Snowplows and 40 trucks ready for the first storm[\s\S]*The county has 40\./);
      await editor.page.goto(`${base}/desk/stories`);
      await screenshot(editor.page, `desk-stories-${dialect}`);
      await editor.context.close();
    });

    it('writes with the rich editor, which saves the draft by itself, without breaking the CSP', async () => {
      const reporter = await signedIn('reporter', true);
      const blocked: string[] = [];
      reporter.page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
      });
      await reporter.page.goto(`${base}/desk/stories/new`);
      const body = reporter.page.getByRole('textbox', { name: 'Body' });
      await body.waitFor();
      assert.equal(await reporter.page.locator('textarea#story-body').isHidden(), true, 'the textarea gives way to the editor');
      await reporter.page.getByLabel('Headline').fill('Skate park plans go to the council');
      await body.click();
      await reporter.page.keyboard.type('The design has a bowl and a street course. ');
      await reporter.page.getByRole('button', { name: 'Bold' }).click();
      await reporter.page.keyboard.type('Construction starts in May.');
      await reporter.page.getByRole('button', { name: 'Bold' }).click();
      await reporter.page.keyboard.press('Enter');
      await reporter.page.getByRole('button', { name: 'Subheading' }).click();
      await reporter.page.keyboard.type('What it costs');
      // The draft saves itself a few seconds after the typing stops, and the page becomes its editor.
      await reporter.page.getByRole('status').filter({ hasText: /Draft saved at/ }).waitFor({ timeout: 15_000 });
      assert.match(reporter.page.url(), /\/desk\/stories\/[0-9a-z-]+$/);
      const id = /\/desk\/stories\/([0-9a-z-]+)$/.exec(reporter.page.url())?.[1] ?? '';
      const saved = await site.web.db.selectFrom('stories').select(['headline', 'body_html', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(saved.status, 'draft');
      assert.match(saved.body_html, /<strong>Construction starts in May\.<\/strong>/);
      assert.match(saved.body_html, /<h3>What it costs<\/h3>/);
      await screenshot(reporter.page, `desk-rich-editor-${dialect}`);
      // Typing more, then Save: the form posts the editor's HTML to the draft.
      // The caret is where the writer left it, at the end of the subheading.
      await reporter.page.keyboard.type(' and upkeep');
      await reporter.page.getByRole('button', { name: 'Save draft' }).click();
      await reporter.page.waitForURL(/done=saved$/);
      const after = await site.web.db.selectFrom('stories').select(['body_html']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.match(after.body_html, /<h3>What it costs and upkeep<\/h3>/);
      assert.deepEqual(blocked, [], 'nothing the editor does is refused by the page’s CSP');
      const violations = await axeViolations(reporter.page);
      assert.equal(violations.length, 0, `the rich editor:\n${describeViolations(violations)}`);
      await reporter.context.close();
    });

    it('places an uploaded picture, a recorded video and a YouTube video with the rich editor; readers load the player only on request', async () => {
      const editor = await signedIn('editor', true);
      const page = editor.page;
      const thirdParty: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(base) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) thirdParty.push(request.url());
      });
      // No network here: the privacy-enhanced player answers from a stand-in.
      await editor.context.route('https://www.youtube-nocookie.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Player</title><p>player</p>' }));

      // A real WebM, recorded by this Chromium from a canvas, goes into the library with a poster.
      await page.goto(`${base}/desk/media`);
      const webm = Buffer.from(
        await page.evaluate(async () => {
          const canvas = document.createElement('canvas');
          canvas.width = 320;
          canvas.height = 180;
          const context = canvas.getContext('2d')!;
          const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
          const chunks: Blob[] = [];
          recorder.ondataavailable = (event) => chunks.push(event.data);
          const done = new Promise((resolve) => (recorder.onstop = resolve));
          recorder.start();
          for (let frame = 0; frame < 20; frame++) {
            context.fillStyle = `rgb(${frame * 12}, 90, 140)`;
            context.fillRect(0, 0, 320, 180);
            await new Promise((resolve) => setTimeout(resolve, 40));
          }
          recorder.stop();
          await done;
          return [...new Uint8Array(await new Blob(chunks).arrayBuffer())];
        }),
      );
      await page.getByLabel('Picture or video', { exact: true }).setInputFiles({ name: 'ferry.webm', mimeType: 'video/webm', buffer: webm });
      await page.getByLabel('Poster picture (for a video)').setInputFiles({ name: 'ferry.jpg', mimeType: 'image/jpeg', buffer: await sharp({ create: { width: 640, height: 360, channels: 3, background: { r: 40, g: 90, b: 140 } } }).jpeg().toBuffer() });
      await page.getByLabel('Caption', { exact: true }).fill('The evening ferry leaves Port Alder');
      await page.getByLabel('Credit', { exact: true }).fill('Eddie Tor/Kestrel Valley 7');
      await page.getByLabel('Alt text', { exact: true }).fill('A white ferry pulling away from a dock at dusk.');
      await page.getByRole('button', { name: 'Add to the library' }).click();
      await page.waitForURL(/\/desk\/media\/[0-9a-f-]+\?done=added$/);
      assert.equal(await page.locator('video.video-player').count(), 1, 'the library shows the video');

      await page.goto(`${base}/desk/stories/new`);
      const body = page.getByRole('textbox', { name: 'Body' });
      await body.waitFor();
      await page.getByLabel('Headline').fill('Ferry schedule changes for winter');
      await body.click();
      await page.keyboard.type('The last boat now leaves at seven.');
      await page.keyboard.press('Enter');
      // A picture uploaded on the spot, with its words.
      await page.getByRole('button', { name: 'Picture or video' }).click();
      const dialog = page.getByRole('dialog', { name: 'Place a picture or video' });
      await dialog.getByLabel(/^Picture \(up to 25 MB\)/).setInputFiles({ name: 'dock.jpg', mimeType: 'image/jpeg', buffer: await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 170, b: 120 } } }).jpeg().toBuffer() });
      await dialog.getByLabel('Caption', { exact: true }).fill('The ticket office at the ferry dock');
      await dialog.getByLabel('Credit', { exact: true }).fill('Eddie Tor/Kestrel Valley 7');
      await dialog.getByLabel('Alt text (what it shows)').fill('A small wooden ticket office beside the water.');
      await dialog.getByRole('button', { name: 'Upload and place it' }).click();
      await dialog.waitFor({ state: 'detached' });
      // The video from the library.
      await page.getByRole('button', { name: 'Picture or video' }).click();
      const again = page.getByRole('dialog', { name: 'Place a picture or video' });
      await again.getByRole('button', { name: 'Video: The evening ferry leaves Port Alder' }).click();
      await again.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Video link' }).click();
      const embed = page.getByRole('dialog', { name: 'Place a YouTube or Vimeo video' });
      await embed.getByLabel('The video’s address').fill('https://www.youtube.com/watch?v=aB3dE5gH7jK');
      await embed.getByLabel(/What it shows/).fill('The captain on the new timetable');
      await embed.getByRole('button', { name: 'Place the video' }).click();
      await screenshot(page, `desk-editor-media-${dialect}`);
      assert.equal(await page.locator('.rich-editor__media').count(), 2, 'the editor shows both library items');
      assert.equal(await page.locator('.rich-editor__embed').count(), 1);
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\/desk\/stories\/[0-9a-z-]+\?done=(created|saved)$/);
      const id = /\/desk\/stories\/([0-9a-z-]+)\?/.exec(page.url())?.[1] ?? '';
      const saved = await site.web.db.selectFrom('stories').select('body_html').where('id', '=', id).executeTakeFirstOrThrow();
      assert.match(saved.body_html, /^<p>The last boat now leaves at seven\.<\/p><figure data-media="[0-9a-f-]{36}"><\/figure><figure data-media="[0-9a-f-]{36}"><\/figure><figure data-embed="youtube" data-id="aB3dE5gH7jK" data-title="The captain on the new timetable"><\/figure>/);
      await page.getByRole('button', { name: 'Publish now' }).click();
      await page.waitForURL(/done=publish$/);
      assert.deepEqual(thirdParty, [], 'the desk asked nothing of another site');
      await editor.context.close();

      const reader = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await reader.route('https://www.youtube-nocookie.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Player</title><p>player</p>' }));
      const readerPage = await reader.newPage();
      const asked: string[] = [];
      readerPage.on('request', (request) => {
        if (!request.url().startsWith(base)) asked.push(request.url());
      });
      const { slug } = await site.web.db.selectFrom('stories').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
      await readerPage.goto(`${base}/stories/${slug}`);
      assert.equal(await readerPage.locator('.body-figure img[alt="A small wooden ticket office beside the water."]').count(), 1);
      const video = readerPage.locator('.body-figure video.video-player');
      assert.match(String(await video.getAttribute('poster')), /^\/media\/r\//);
      const videoWidth = await video.evaluate(async (element: HTMLVideoElement) => {
        element.preload = 'auto';
        element.load();
        await new Promise((resolve, reject) => {
          element.onloadeddata = resolve;
          element.onerror = () => reject(new Error(`cannot play: ${element.error?.message ?? element.error?.code}`));
        });
        return element.videoWidth;
      });
      assert.equal(videoWidth, 320, 'Chromium plays the video as the site serves it');
      assert.deepEqual(asked, [], 'no request to YouTube before the reader asks');
      await screenshot(readerPage, `story-media-${dialect}`);
      await readerPage.getByRole('link', { name: /Play video: The captain on the new timetable/ }).click();
      const frame = readerPage.locator('iframe.video-embed__frame');
      await frame.waitFor();
      assert.equal(await frame.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/aB3dE5gH7jK?autoplay=1&rel=0');
      await readerPage.waitForTimeout(300);
      assert.ok((asked as string[]).some((url) => url.startsWith('https://www.youtube-nocookie.com/embed/aB3dE5gH7jK')), 'the player loads once asked for');
      const violations = await axeViolations(readerPage);
      assert.equal(violations.length, 0, `the story page with media:\n${describeViolations(violations)}`);
      await reader.close();
    });

    it('releases a held wire story from the queue', async () => {
      const source = await upsertSource(site.database.handle.db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', slug: 'browser-wire', name: 'Browser Wire', shortName: 'BW', publishPolicy: 'hold' });
      const held = await createStory(site.web.db, { headline: 'Rail union sets a strike date', bodyHtml: '<p>From the wire.</p>', authors: [], topics: [], publishedAt: new Date().toISOString(), status: 'held', sourceId: source.id, originGuid: 'bw-1' });
      const editor = await signedIn('editor');
      await editor.page.getByRole('link', { name: 'Wire queue' }).click();
      await screenshot(editor.page, `desk-wire-${dialect}`);
      await editor.page.getByRole('link', { name: 'Rail union sets a strike date' }).click();
      await editor.page.getByRole('button', { name: 'Publish now' }).click();
      await editor.page.waitForURL(/done=release$/);
      const response = await editor.page.goto(`${base}/stories/${held.slug}`);
      assert.equal(response?.status(), 200);
      await editor.context.close();
    });

    it('shows a wire update to a localised story as a diff, and merges it', async () => {
      const source = await upsertSource(site.database.handle.db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', slug: 'diff-wire', name: 'Diff Wire', shortName: 'DW' });
      const item = (version: number, body: string) => ({
        uri: 'dw-1',
        type: 'text',
        version: String(version),
        headlines: [{ role: 'main', value: 'Wildfire smoke closes schools' }],
        bodies: [{ role: 'main', contenttype: 'text/html', value: body }],
      });
      const receive = (payload: unknown) =>
        ingestPayload({ db: site.web.db, mediaDir: site.config.mediaDir, events: site.web.events }, { source, bytes: Buffer.from(JSON.stringify(payload)), transport: 'push', origin: null, fetchPicture: folderPictureFetcher(process.cwd()) });
      const created = (await receive(item(1, '<p>Smoke drifted over the valley.</p><p>Schools closed for the day.</p>'))).items[0]!;
      const localised = created.storyId!;
      const editor = await signedIn('editor');
      await editor.page.goto(`${base}/desk/stories/${localised}`);
      await editor.page.getByLabel('Headline').fill('Wildfire smoke closes Kestrel Falls schools');
      await editor.page.getByRole('button', { name: 'Save and update the live story' }).click();
      await editor.page.waitForURL(/done=saved$/);
      assert.equal((await receive(item(2, '<p>Smoke drifted over the valley.</p><p>Schools closed for the day.</p><p>The air should clear by Thursday.</p>'))).items[0]!.outcome, 'update-held');
      await editor.page.getByRole('link', { name: 'Wire queue' }).click();
      await editor.page.getByRole('link', { name: 'Wildfire smoke closes Kestrel Falls schools' }).first().click();
      await editor.page.getByRole('heading', { name: 'A new wire version is waiting' }).waitFor();
      assert.equal(await editor.page.locator('.wire-update ins', { hasText: 'clear by Thursday' }).count(), 1);
      await screenshot(editor.page, `desk-wire-diff-${dialect}`);
      // axe runs in the page, so it looks at the diff from a browser with JavaScript on.
      const checker = await signedIn('editor', true);
      await checker.page.goto(`${base}/desk/stories/${localised}`);
      const violations = await axeViolations(checker.page);
      assert.equal(violations.length, 0, `the wire diff:\n${describeViolations(violations)}`);
      await checker.context.close();
      await editor.page.getByRole('button', { name: /^Merge/ }).click();
      await editor.page.waitForURL(/done=wire-merge$/);
      const reader = await editor.page.goto(`${base}/stories/${created.slug}`);
      const text = (await reader?.text()) ?? '';
      assert.match(text, /Kestrel Falls schools/);
      assert.match(text, /clear by Thursday/);
      await editor.context.close();
    });

    it('has no axe-core violations on the desk pages', async () => {
      const editor = await signedIn('editor', true);
      const storyId = /\/desk\/stories\/([0-9a-z-]+)"/.exec(await editor.page.content())?.[1];
      assert.ok(storyId, 'the list links to a story');
      const edited = await site.web.db.selectFrom('stories').select('id').where('source_id', 'is', null).where('version', '>=', 2).executeTakeFirstOrThrow();
      const picture = await site.web.db.selectFrom('media').select('id').executeTakeFirstOrThrow();
      for (const path of ['/desk/stories', '/desk/stories/new', `/desk/stories/${storyId}`, '/desk/wire', '/desk/log', '/corrections', `/desk/stories/${edited.id}/compare?from=1&to=2`, `/desk/stories/${edited.id}/preview`, '/desk/media', `/desk/media/${picture.id}`]) {
        const response = await editor.page.goto(base + path);
        assert.equal(response?.status(), 200, path);
        const violations = await axeViolations(editor.page);
        assert.equal(violations.length, 0, `${path}:\n${describeViolations(violations)}`);
        if (path === '/desk/media') await screenshot(editor.page, `desk-media-${dialect}`);
      }
      await editor.context.close();
      const admin = await signedIn('admin', true);
      for (const path of ['/desk/site', '/desk/staff', '/desk/profile', '/desk/sources', '/desk/sources/new', '/desk/sources/meridian-newsource']) {
        const response = await admin.page.goto(base + path);
        assert.equal(response?.status(), 200, path);
        const violations = await axeViolations(admin.page);
        assert.equal(violations.length, 0, `${path}:\n${describeViolations(violations)}`);
        await screenshot(admin.page, `desk${path.replaceAll('/', '-').replace('-desk', '')}-${dialect}`);
      }
      await admin.context.close();
    });
  });
}
