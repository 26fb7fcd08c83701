// The tip line in Chromium, on both engines: a source sends a tip with two attachments with
// JavaScript off and keeps the receipt; an editor assigns it, replies and links a story; the
// source reads the reply with the receipt and adds a file; with JavaScript on, each file shows
// its progress and the browser check is done; and axe-core finds nothing wrong on the pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { createUser, type Role } from '../../src/modules/accounts/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { axeViolations, browserSkipReason, describeViolations, launchBrowser, screenshot } from '../helpers/browser.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'lantern over the ferry';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

for (const dialect of DIALECTS) {
  describe(`the tip line in Chromium [${dialect}]`, { skip: skipReason(dialect) || browserSkipReason() }, () => {
    let site: TestSite;
    let base: string;
    let browser: Browser;
    let photo: Buffer;

    before(async () => {
      site = await createTestSite(dialect);
      base = await site.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchBrowser();
      for (const [role, name] of [['editor', 'Eddie Tor'], ['reporter', 'Rae Porter']] as [Role, string][]) {
        await createUser(site.web.db, { email: `${role}@kv7.example`, displayName: name, password: PASSWORD, role, verified: true });
      }
      photo = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#5b7f3a' } }).jpeg().toBuffer();
    });

    after(async () => {
      await browser?.close();
      await site?.close();
    });

    async function open(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1100, height: 900 } });
      return { context, page: await context.newPage() };
    }

    async function signedIn(role: Role, javaScriptEnabled = false): Promise<{ context: BrowserContext; page: Page }> {
      const session = await open(javaScriptEnabled);
      await session.page.goto(`${base}/account/sign-in?next=/desk/tips`);
      await session.page.getByLabel('Email address').fill(`${role}@kv7.example`);
      await session.page.getByLabel('Password').fill(PASSWORD);
      await session.page.getByRole('button', { name: 'Sign in' }).click();
      await session.page.waitForURL(/\/desk\/tips$/);
      return session;
    }

    it('carries a tip from a story page to the editor and back to its source, with JavaScript off', async () => {
      const source = await open(false);
      const story = await site.web.db.selectFrom('stories').select('slug').where('status', '=', 'published').executeTakeFirstOrThrow();
      await source.page.goto(`${base}/stories/${story.slug}`);
      await source.page.getByRole('link', { name: 'please submit it here' }).click();
      await source.page.waitForURL(/\/tips$/);
      await source.page.getByLabel('What happened? (needed)').fill('The footbridge at Alder Park has a cracked support; the council fenced it on Friday and said nothing.');
      await source.page.getByLabel('Where and when').fill('Alder Park, since Friday');
      await source.page.getByLabel('Pictures, documents, audio or video (optional)').setInputFiles([
        { name: 'bridge.jpg', mimeType: 'image/jpeg', buffer: photo },
        { name: 'inspection.pdf', mimeType: 'application/pdf', buffer: pdf },
      ]);
      await source.page.getByLabel('How to reach you').fill('walker@example.net');
      await source.page.getByLabel('A journalist may contact me about this tip.').check();
      await source.page.getByRole('button', { name: 'Send the tip' }).click();
      await source.page.getByRole('heading', { name: 'Thank you: your tip was sent' }).waitFor();
      assert.match((await source.page.getByRole('status').textContent()) ?? '', /with 2 files/);
      const receipt = (await source.page.locator('.receipt-code code').textContent())!;
      assert.equal(receipt.split(' ').length, 7);
      await screenshot(source.page, `tips-receipt-${dialect}`);

      const editor = await signedIn('editor');
      await editor.page.getByRole('link', { name: /^T-/ }).first().click();
      await editor.page.getByText('The footbridge at Alder Park').waitFor();
      assert.equal(await editor.page.locator('.tip-files li').count(), 2);
      await editor.page.getByLabel('Assign to').selectOption({ label: 'Rae Porter' });
      await editor.page.getByRole('button', { name: 'Assign' }).click();
      await editor.page.getByText('Assigned.').waitFor();
      await editor.page.getByLabel('Reply to the source').fill('Thank you. Do you know when the crack appeared?');
      await editor.page.getByRole('button', { name: 'Send the reply' }).click();
      await editor.page.getByText('Reply sent').waitFor();
      await editor.page.getByLabel('The story that came of it').fill(`/stories/${story.slug}`);
      await editor.page.getByRole('button', { name: 'Link the story' }).click();
      await editor.page.getByText('Story link saved.').waitFor();
      assert.ok(await editor.page.getByText('assigned to Rae Porter').isVisible());
      await screenshot(editor.page, `tips-desk-tip-${dialect}`);

      const back = await open(false);
      await back.page.goto(`${base}/tips/status`);
      await back.page.getByLabel('Receipt code').fill(receipt);
      await back.page.getByRole('button', { name: 'Open my tip' }).click();
      await back.page.getByText('Do you know when the crack appeared?').waitFor();
      await back.page.getByLabel('More information').fill('It was there last Sunday; I have another photo.');
      await back.page.getByLabel('More files (optional)').setInputFiles([{ name: 'second.jpg', mimeType: 'image/jpeg', buffer: photo }]);
      await back.page.getByRole('button', { name: 'Add to my tip' }).click();
      await back.page.getByText('Added to your tip with one file').waitFor();
      await screenshot(back.page, `tips-status-${dialect}`);

      const reporter = await signedIn('reporter');
      await reporter.page.getByRole('link', { name: /^T-/ }).first().click();
      await reporter.page.getByText('It was there last Sunday').waitFor();
      for (const s of [source, editor, back, reporter]) await s.context.close();
    });

    it('shows each file’s progress and does the browser check with JavaScript on', async () => {
      const source = await open(true);
      await source.page.goto(`${base}/tips`);
      await source.page.getByLabel('What happened? (needed)').fill('Water main burst on Hollis Street; the road is flooding.');
      await source.page.getByLabel('Pictures, documents, audio or video (optional)').setInputFiles([{ name: 'street.jpg', mimeType: 'image/jpeg', buffer: photo }]);
      // The check runs in the background; wait for it, as a reader filling the form would.
      await source.page.waitForFunction(() => (document.querySelector('[data-tip-proof]') as HTMLInputElement | null)?.value !== '', null, { timeout: 20_000 });
      await source.page.getByRole('button', { name: 'Send the tip' }).click();
      await source.page.getByRole('heading', { name: 'Thank you: your tip was sent' }).waitFor();
      const row = await site.web.db.selectFrom('tips').select(['challenge_solved', 'files']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      assert.deepEqual(row, { challenge_solved: 1, files: 1 });
      await source.context.close();

      // The progress bars, watched on a form whose answer is slowed down.
      const slow = await open(true);
      await slow.page.route('**/tips?_csrf=*', async (route) => {
        await new Promise((r) => setTimeout(r, 400));
        await route.continue();
      });
      await slow.page.goto(`${base}/tips`);
      await slow.page.getByLabel('What happened? (needed)').fill('A second tip, to watch the upload.');
      await slow.page.getByLabel('Pictures, documents, audio or video (optional)').setInputFiles([
        { name: 'one.jpg', mimeType: 'image/jpeg', buffer: photo },
        { name: 'two.pdf', mimeType: 'application/pdf', buffer: pdf },
      ]);
      await slow.page.getByRole('button', { name: 'Send the tip' }).click();
      await slow.page.locator('.tip-progress progress').first().waitFor();
      assert.equal(await slow.page.locator('.tip-progress progress').count(), 2);
      await slow.page.getByRole('heading', { name: 'Thank you: your tip was sent' }).waitFor();
      await slow.context.close();
    });

    // axe runs in the page, so these browsers have JavaScript on.
    it('has no accessibility violations on the tip pages', async () => {
      const source = await open(true);
      for (const url of ['/tips', '/tips/status']) {
        await source.page.goto(base + url);
        const violations = await axeViolations(source.page);
        assert.deepEqual(violations, [], `${url}:\n${describeViolations(violations)}`);
      }
      const editor = await signedIn('editor', true);
      const violations = await axeViolations(editor.page);
      assert.deepEqual(violations, [], `/desk/tips:\n${describeViolations(violations)}`);
      await editor.page.getByRole('link', { name: /^T-/ }).first().click();
      const onTip = await axeViolations(editor.page);
      assert.deepEqual(onTip, [], `a tip:\n${describeViolations(onTip)}`);
      await source.context.close();
      await editor.context.close();
    });
  });
}
