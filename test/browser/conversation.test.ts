// The conversation in a real browser, on both engines: commenting with JavaScript off, new
// comments appearing live with it on, and axe-core on every conversation, account and desk
// page. Screenshots land in test-results/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { axeViolations, browserSkipReason, describeViolations, launchBrowser, screenshot } from '../helpers/browser.ts';
import { FormClient } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'lantern over the ferry';
const BRIDGE = '/stories/council-approves-4-2-million-repair-of-the-mill-street-bridge';
const SCHOOL = '/stories/school-district-asks-families-to-weigh-in-on-later-start-times';

for (const dialect of DIALECTS) {
  describe(`the conversation in Chromium [${dialect}]`, { skip: skipReason(dialect) || browserSkipReason() }, () => {
    let site: TestSite;
    let base: string;
    let browser: Browser;

    before(async () => {
      site = await createTestSite(dialect);
      await createUser(site.web.db, { email: 'reader@example.org', displayName: 'Rita Reader', password: PASSWORD, verified: true });
      await createUser(site.web.db, { email: 'admin@example.org', displayName: 'Ada Admin', password: PASSWORD, role: 'admin', verified: true });
      base = await site.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await site?.close();
    });

    async function signedInContext(email: string, javaScriptEnabled: boolean): Promise<BrowserContext> {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${base}/account/sign-in`);
      await page.fill('#email', email);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL(`${base}/account`), page.click('button[type="submit"]')]);
      await page.close();
      return context;
    }

    it('posts a comment and a reply with JavaScript off, and shows them in the thread', async () => {
      const context = await signedInContext('reader@example.org', false);
      const page = await context.newPage();
      await page.goto(base + BRIDGE);
      await page.click('text=Write a comment');
      await page.fill('#comment-body', 'Will the *walkway* lights be replaced too?');
      await Promise.all([page.waitForURL(new RegExp(`${BRIDGE}#comment-`)), page.click('button:has-text("Post comment")')]);
      const mine = page.locator('.comment-list[data-thread] > li').first();
      assert.equal(await mine.locator('.comment__author').textContent(), 'Rita Reader');
      assert.equal(await mine.locator('.comment__body em').textContent(), 'walkway');
      assert.match((await page.locator('.story__comments-link').textContent()) ?? '', /8 comments/);
      await screenshot(page, `conversation-story-${dialect}`);

      await mine.locator('text=Reply').click();
      await page.fill('#comment-body', 'Answering myself: yes, per the staff report.');
      await Promise.all([page.waitForURL(/outcome=published/), page.click('button:has-text("Post reply")')]);
      assert.match((await page.locator('[role="status"]').textContent()) ?? '', /Your comment is published/);
      await screenshot(page, `conversation-comment-page-${dialect}`);
      await context.close();
    });

    it('does not ask a signed-in reader to sign in, though the cached page is the same for everyone', async () => {
      const signedIn = await signedInContext('reader@example.org', true);
      const page = await signedIn.newPage();
      await page.goto(base + BRIDGE);
      assert.equal(await page.locator('.conversation__signin').isVisible(), false, 'the prompt is hidden for a signed-in reader');
      assert.equal(await page.locator('text=Write a comment').isVisible(), true);
      await signedIn.close();
      const anonymous = await browser.newContext();
      const other = await anonymous.newPage();
      await other.goto(base + BRIDGE);
      assert.equal(await other.locator('.conversation__signin').isVisible(), true, 'a reader who is not signed in is told how to join');
      await anonymous.close();
    });

    it('shows new comments and the count live, with JavaScript on', async () => {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      await page.goto(base + SCHOOL);
      const before = (await page.locator('.conversation__count').textContent()) ?? '';
      // The page opens its event stream after load and marks the section when it is connected.
      await page.locator('section[data-live-state="open"]').waitFor({ timeout: 5000 });
      const writer = new FormClient(site);
      await writer.signIn('reader@example.org', PASSWORD);
      const started = Date.now();
      const posted = await writer.submit(`${SCHOOL}/comment`, `${SCHOOL}/comments`, { body: 'Posted while you were reading.' });
      assert.equal(posted.statusCode, 303);
      const live = page.locator('.comment--new', { hasText: 'Posted while you were reading.' });
      await live.waitFor({ timeout: 5000 });
      const elapsed = Date.now() - started;
      assert.notEqual(await page.locator('.conversation__count').textContent(), before);
      assert.equal(await page.locator('.comment-list[data-thread] > li').first().locator('.comment__body').textContent(), 'Posted while you were reading.');
      console.log(`# live comment shown ${elapsed} ms after the post was sent`);
      await screenshot(page, `conversation-live-${dialect}`);
      await context.close();
    });

    it('has no accessibility violations on conversation, account and desk pages', async () => {
      const admin = await signedInContext('admin@example.org', true);
      const reader = await signedInContext('reader@example.org', true);
      const anyComment = /id="comment-([0-9a-f-]{36})"/.exec((await site.app.inject(BRIDGE)).body)?.[1] ?? '';
      const rita = await site.web.db.selectFrom('users').select('id').where('email', '=', 'reader@example.org').executeTakeFirstOrThrow();
      const pages: [BrowserContext | null, string, string][] = [
        [null, BRIDGE, 'story-with-comments'],
        [null, `${BRIDGE}/comments?sort=replies`, 'comments-by-replies'],
        [null, '/community-guidelines', 'guidelines'],
        [null, `${BRIDGE}/comment`, 'write-signed-out'],
        [null, '/account/reset', 'reset'],
        [reader, `${BRIDGE}/comment`, 'write'],
        [reader, `/comments/${anyComment}`, 'comment'],
        [reader, `/comments/${anyComment}/report`, 'report'],
        [reader, '/account', 'account'],
        [reader, '/account/delete', 'delete-account'],
        [admin, '/desk/moderation?queue=pending', 'desk-pending'],
        [admin, '/desk/moderation?queue=reported', 'desk-reported'],
        [admin, `/desk/comments/${anyComment}`, 'desk-comment'],
        [admin, `/desk/users/${rita.id}`, 'desk-user'],
        [admin, '/desk/moderation/words', 'desk-words'],
        [admin, '/desk/stories/council-approves-4-2-million-repair-of-the-mill-street-bridge/comments', 'desk-story'],
        [admin, '/desk/moderation/log', 'desk-log'],
        [admin, '/desk/settings', 'desk-settings'],
      ];
      const anonymous = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      // One tab per person, reused: opening tabs is the slow part.
      const tabs = new Map<BrowserContext, Page>();
      for (const [context, path, name] of pages) {
        const owner = context ?? anonymous;
        const page = tabs.get(owner) ?? (await owner.newPage());
        tabs.set(owner, page);
        const response = await page.goto(base + path, { waitUntil: 'load' });
        assert.equal(response?.status(), 200, path);
        const violations = await axeViolations(page);
        assert.equal(violations.length, 0, `${path}:\n${describeViolations(violations)}`);
        await screenshot(page, `${name}-${dialect}`);
      }
      for (const c of [admin, reader, anonymous]) await c.close();
    });

    it('keeps the phone-width story page and desk from scrolling sideways', async () => {
      const context = await signedInContext('admin@example.org', false);
      for (const path of [BRIDGE, '/desk/moderation?queue=pending']) {
        const page = await context.newPage();
        await page.setViewportSize({ width: 360, height: 740 });
        await page.goto(base + path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${path} overflows by ${overflow}px at 360px`);
        await page.close();
      }
      await context.close();
    });
  });
}
