// Reader pages in a real browser (Debian Chromium), on both engines: every story element is
// visible, axe-core finds no violation, pages work without JavaScript and make no third-party
// requests. Screenshots land in test-results/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { axeViolations, browserSkipReason, describeViolations, launchBrowser, screenshot } from '../helpers/browser.ts';
import { outbox, outboxAfter } from '../helpers/outbox.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const FLOOD = '/stories/flood-barriers-hold-as-the-sable-river-crests-in-delta-towns';
const FISHING = '/stories/talks-on-northern-fishing-rights-to-resume-after-two-year-pause';
const WITHDRAWN = '/stories/early-count-suggests-record-turnout-in-county-races';

for (const dialect of DIALECTS) {
  describe(`reader pages in Chromium [${dialect}]`, { skip: skipReason(dialect) || browserSkipReason() }, () => {
    let site: TestSite;
    let base: string;
    let browser: Browser;
    let context: BrowserContext;
    const requested: string[] = [];

    before(async () => {
      site = await createTestSite(dialect);
      base = await site.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchBrowser();
      // JavaScript off: every reader page must be complete without it.
      context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
      context.on('request', (request) => requested.push(request.url()));
    });

    after(async () => {
      await browser?.close();
      await site?.close();
    });

    async function open(path: string, expectStatus = 200): Promise<Page> {
      const page = await context.newPage();
      const response = await page.goto(base + path, { waitUntil: 'load' });
      assert.equal(response?.status(), expectStatus, path);
      return page;
    }

    async function assertAccessible(path: string, expectStatus = 200): Promise<void> {
      // axe needs JavaScript in the page; this context runs it but the site itself ships none.
      const axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await axeContext.newPage();
      const response = await page.goto(base + path, { waitUntil: 'load' });
      assert.equal(response?.status(), expectStatus, path);
      const violations = await axeViolations(page);
      await axeContext.close();
      assert.equal(violations.length, 0, `${path}:\n${describeViolations(violations)}`);
    }

    it('shows every element of a wire story page', async () => {
      const page = await open(FLOOD);
      const visible = async (selector: string) => assert.ok(await page.locator(selector).first().isVisible(), `${selector} is visible`);
      assert.equal(await page.locator('h1').textContent(), 'Flood barriers hold as the Sable River crests in delta towns');
      await visible('.site-header .site-name');
      await visible('nav[aria-label="Sections"]');
      await visible('.story__standfirst');
      await visible('figure.story__hero img');
      const image = await page.locator('figure.story__hero img').evaluate((img: HTMLImageElement) => ({
        loaded: img.complete && img.naturalWidth > 0,
        alt: img.alt,
        current: img.currentSrc,
      }));
      assert.ok(image.loaded, 'hero photo loaded');
      assert.match(image.alt, /sandbags/);
      assert.match(image.current, /\/media\/r\/[0-9a-f]+-\d+\.(webp|jpg)$/);
      assert.match(await page.locator('figcaption .caption').innerText(), /^Sandbag walls line the riverbank/);
      assert.match(await page.locator('figcaption .credit').innerText(), /Lina Okafor\/Harbor Press Pool via Meridian Newsource/i);
      assert.equal(await page.locator('.byline').innerText(), 'By Ana Ruiz, Tomas Pell and Mei Chen, MNS');
      assert.equal(await page.locator('.byline a[rel="author"]').count(), 3);
      assert.equal((await page.locator('.story__body .dateline').innerText()).trim(), '(MNS) —');
      await visible('.story__times time[datetime="2026-11-26T14:05:00.000Z"]');
      await visible('.story__body blockquote');
      assert.equal(await page.locator('.story__rights').innerText(), '© 2026 Meridian News Service. All rights reserved.');
      assert.equal(await page.locator('.story__source').innerText(), 'Meridian Newsource');
      assert.equal((await page.locator('.topic-follow').innerText()).replace(/\s+/g, ' ').trim(), 'Article Topic Follows: MNS - World Follow MNS - World');
      assert.ok(await page.locator('.topic-follow').getByRole('button', { name: 'Follow MNS - World' }).isVisible(), 'the topic’s Follow button');
      await visible('.story__topics a[href="/topics/nation-and-world"]');
      await screenshot(page, `story-${dialect}`);
      await page.close();
    });

    it('puts the skip link first in the tab order and moves focus to the main content', async () => {
      const page = await open(FLOOD);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({ text: document.activeElement?.textContent, cls: document.activeElement?.className }));
      assert.deepEqual(focused, { text: 'Skip to content', cls: 'skip-link' });
      assert.ok(await page.locator('.skip-link').isVisible(), 'the focused skip link is visible');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
      await page.close();
    });

    it('shows Updated on a story revised after publication', async () => {
      const page = await open(FISHING);
      assert.match(await page.locator('.story__updated').innerText(), /^Updated 8:10 AM PST, Wed November 25, 2026$/);
      await page.close();
    });

    it('shows the home page with a lead photo, latest stories and topic rails', async () => {
      const page = await open('/');
      assert.ok(await page.locator('.lead img').isVisible());
      assert.ok((await page.locator('.latest .card').count()) >= 8);
      assert.ok((await page.locator('.rail').count()) >= 4);
      await screenshot(page, `home-${dialect}`);
      await page.close();
      const mobile = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
      const small = await mobile.newPage();
      await small.goto(base + FLOOD);
      const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no sideways scrolling on a phone (overflow ${overflow}px)`);
      await screenshot(small, `story-mobile-${dialect}`);
      await mobile.close();
    });

    it('shows topic, author and withdrawn pages', async () => {
      const topic = await open('/topics/nation-and-world');
      assert.equal(await topic.locator('h1').textContent(), 'Nation & World');
      await screenshot(topic, `topic-${dialect}`);
      const author = await open('/authors/sam-whitfield');
      assert.equal(await author.locator('h1').textContent(), 'Sam Whitfield');
      await screenshot(author, `author-${dialect}`);
      const withdrawn = await open(WITHDRAWN, 410);
      assert.equal(await withdrawn.locator('h1').textContent(), 'This story has been withdrawn');
      await screenshot(withdrawn, `withdrawn-${dialect}`);
      for (const page of [topic, author, withdrawn]) await page.close();
    });

    for (const [path, status] of [
      ['/', 200],
      [FLOOD, 200],
      [FISHING, 200],
      ['/topics/nation-and-world', 200],
      ['/topics/mns-world', 200],
      ['/authors/ana-ruiz', 200],
      ['/about', 200],
      ['/contact', 200],
      [WITHDRAWN, 410],
      ['/stories/no-such-story', 404],
      ['/account/sign-up', 200],
      ['/account/sign-in', 200],
    ] as const) {
      it(`axe-core finds no violation on ${path}`, async () => {
        await assertAccessible(path, status);
      });
    }

    it('signs a reader up and in with plain forms, JavaScript off', async () => {
      const page = await open('/account/sign-up');
      await page.getByLabel('Email address').fill(`reader-${dialect}@example.org`);
      await page.getByLabel('Display name').fill('Riley Reader');
      await page.getByLabel('Password').fill('password123');
      await page.getByRole('button', { name: 'Create account' }).click();
      assert.equal(await page.getByRole('alert').innerText(), 'That password is among the most common ones; choose another.');
      assert.equal(await page.getByLabel('Email address').inputValue(), `reader-${dialect}@example.org`);
      await page.getByLabel('Password').fill('a river of lanterns');
      const mailed = (await outbox(site)).length;
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(/\/account\/sign-up\?sent=1$/);
      assert.equal(await page.locator('h1').textContent(), 'Check your email');
      const mail = (await outboxAfter(site, mailed, 1)).join('\n');
      const link = /\/account\/verify\?token=[\w-]+/.exec(mail)?.[0];
      assert.ok(link, 'the confirmation link was emailed');
      await page.goto(base + link);
      await page.getByRole('button', { name: 'Confirm and sign in' }).click();
      await page.waitForURL(/\/account\?welcome=1$/);
      assert.match(await page.getByRole('status').innerText(), /Welcome!/);
      await screenshot(page, `account-${dialect}`);
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.waitForURL(base + '/');
      await page.goto(base + '/account/sign-in');
      await page.getByLabel('Email address').fill(`reader-${dialect}@example.org`);
      await page.getByLabel('Password').fill('a river of lanterns');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/account$/);
      assert.equal(await page.locator('h1').textContent(), 'Your account');
      await page.close();
    });

    it('searches from the header with JavaScript off: marked results, a helpful empty page, both accessible', async () => {
      const page = await open('/');
      await page.locator('#site-search-q').fill('sandbags river');
      await Promise.all([page.waitForURL(/\/search\?q=sandbags\+river$/), page.locator('.site-search button').click()]);
      assert.equal(await page.locator('h1').innerText(), 'Search results for “sandbags river”');
      const first = page.locator('.search-results .card__headline a').first();
      assert.equal(await first.getAttribute('href'), FLOOD);
      assert.ok((await page.locator('.search-results mark').count()) >= 2, 'the words found are marked');
      assert.equal(await page.locator('#search-q').inputValue(), 'sandbags river');
      await screenshot(page, `search-${dialect}`);
      // The filters open without JavaScript (a details element) and send with the words.
      await page.locator('.search-form__more summary').click();
      await page.locator('#search-sort').selectOption('newest');
      await Promise.all([page.waitForURL(/sort=newest/), page.locator('.search-form__words button').click()]);
      assert.equal(await page.locator('.search-results .card__headline a').first().getAttribute('href'), FLOOD);
      const none = await open('/search?q=zyxwvut+qqqq');
      assert.ok(await none.locator('.search-none').isVisible());
      assert.ok((await none.locator('.search-none__sections a').count()) > 0, 'sections to browse instead');
      await screenshot(none, `search-none-${dialect}`);
      const withdrawn = await open('/search?q=turnout+county');
      assert.equal(await withdrawn.locator(`.search-results a[href="${WITHDRAWN}"]`).count(), 0, 'a withdrawn story is never found');
      await assertAccessible('/search?q=sandbags+river');
      await assertAccessible('/search?q=zyxwvut');
      await Promise.all([page.close(), none.close(), withdrawn.close()]);
    });

    it('loads a story page without third-party requests and under 50 KB of HTML and CSS', async () => {
      const page = await context.newPage();
      // Bodies are read as they come; every read is awaited before adding up.
      const sizes: Promise<number>[] = [];
      page.on('response', (response) => {
        const type = response.headers()['content-type'] ?? '';
        if (/text\/(html|css)/.test(type)) sizes.push(response.body().then((b) => b.length));
      });
      requested.length = 0;
      await page.goto(base + FLOOD, { waitUntil: 'networkidle' });
      const htmlAndCss = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
      const foreign = requested.filter((url) => !url.startsWith(base));
      assert.deepEqual(foreign, []);
      assert.ok(htmlAndCss > 0 && htmlAndCss < 50 * 1024, `${htmlAndCss} bytes of HTML and CSS`);
      await page.close();
    });
  });
}
