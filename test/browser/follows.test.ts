// Following in Chromium, on both engines: a signed-in reader follows a topic from a story page
// with JavaScript off (plain forms) and on (in place, no reload); a breaking story that arrives
// through the ingest pipeline sends its alert through a real SMTP server on loopback, and the
// message's one-click unsubscribe works with a bare POST; a newsletter sign-up confirms by the
// emailed link; and axe-core finds nothing wrong on the new pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.ts';
import { queueDueAlerts } from '../../src/modules/follows/index.ts';
import { folderPictureFetcher, ingestPayload, upsertSource } from '../../src/modules/ingest/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { axeViolations, browserSkipReason, describeViolations, launchBrowser, screenshot } from '../helpers/browser.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

const PASSWORD = 'lantern over the ferry';
const STORY = '/stories/flood-barriers-hold-as-the-sable-river-crests-in-delta-towns';

for (const dialect of DIALECTS) {
  describe(`following in Chromium [${dialect}]`, { skip: skipReason(dialect) || browserSkipReason() }, () => {
    let site: TestSite;
    let base: string;
    let browser: Browser;
    let sink: SmtpSink;

    before(async () => {
      sink = await startSmtpSink();
      site = await createTestSite(dialect, { config: { smtpUrl: sink.url, mailFrom: 'alerts@kv7.example' } });
      base = await site.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchBrowser();
      for (const name of ['nojs', 'withjs']) await createUser(site.web.db, { email: `${name}@example.org`, displayName: `Reader ${name}`, password: PASSWORD, verified: true });
    });

    after(async () => {
      await browser?.close();
      await site?.close();
      await sink?.close();
    });

    async function signedIn(name: string, javaScriptEnabled: boolean): Promise<Page> {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${base}/account/sign-in`);
      await page.getByLabel('Email address').fill(`${name}@example.org`);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/account$/);
      return page;
    }

    it('follows the story’s topic with JavaScript off, through plain forms', async () => {
      const page = await signedIn('nojs', false);
      await page.goto(base + STORY);
      const topic = (await page.locator('.topic-follow__topic').textContent())?.trim() ?? '';
      assert.ok(topic);
      await page.locator('.topic-follow').getByRole('button', { name: `Follow ${topic}` }).click();
      await page.waitForURL(/\/follow\?topic=/);
      assert.equal(await page.locator('h1').textContent(), `Follow ${topic}`);
      await page.getByLabel('What reaches you by email').selectOption('instant');
      await page.getByRole('button', { name: `Follow ${topic}` }).click();
      assert.equal(await page.locator('h1').textContent(), `You follow ${topic}`);
      assert.equal(await page.getByRole('status').first().textContent(), `You follow ${topic}.`);
      await screenshot(page, `follow-nojs-${dialect}`);
      await page.goto(`${base}/account/follows`);
      assert.equal(await page.getByLabel(`Email for ${topic}`).inputValue(), 'instant');
      await page.goto(`${base}/following`);
      assert.ok((await page.locator('.story-card, article').count()) > 0, 'the Following page lists stories');
      await screenshot(page, `following-${dialect}`);
      await page.context().close();
    });

    it('follows a topic in place with JavaScript on, and the cached page is unchanged', async () => {
      const page = await signedIn('withjs', true);
      await page.goto(`${base}/topics/weather`);
      const form = page.locator('form[data-follow="topic:weather"]');
      await page.waitForFunction(() => document.querySelector('form[data-follow="topic:weather"]')?.getAttribute('data-following') === '0');
      const url = page.url();
      await form.getByRole('button').click();
      await page.waitForFunction(() => document.querySelector('form[data-follow="topic:weather"]')?.getAttribute('data-following') === '1');
      assert.equal(page.url(), url, 'no reload, no navigation');
      assert.equal(await form.getByRole('button').getAttribute('aria-pressed'), 'true');
      assert.equal((await form.locator('[data-follow-label]').textContent())?.trim(), 'Following');
      await screenshot(page, `follow-js-${dialect}`);
      await page.reload();
      await page.waitForFunction(() => document.querySelector('form[data-follow="topic:weather"]')?.getAttribute('data-following') === '1');
      const anonymous = await (await fetch(`${base}/topics/weather`)).text();
      assert.equal(anonymous.includes('data-following'), false, 'the page itself holds no reader’s state');
      await page.context().close();
    });

    it('alerts by real SMTP when a breaking story arrives through ingest, and unsubscribes with a bare POST', async () => {
      const source = await upsertSource(site.database.handle.db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', slug: 'flash-wire', name: 'Flash Wire', shortName: 'FW', defaultTopic: 'Weather' });
      const item = { uri: 'fw-1', type: 'text', version: '1', urgency: 1, headlines: [{ role: 'main', value: 'Hail storm heads for the valley' }], bodies: [{ role: 'main', contenttype: 'text/html', value: '<p>Hail the size of marbles is expected by evening.</p>' }] };
      const result = await ingestPayload({ db: site.web.db, mediaDir: site.config.mediaDir, events: site.web.events }, { source, bytes: Buffer.from(JSON.stringify(item)), transport: 'push', origin: null, fetchPicture: folderPictureFetcher(process.cwd()) });
      assert.equal(result.items[0]?.outcome, 'created');
      const before = sink.messages.length;
      await queueDueAlerts(site.web.db);
      await site.app.outbox.flush();
      await sink.waitFor(before + 1, 5000);
      const alert = sink.messages.slice(before).find((m) => m.to.includes('withjs@example.org'));
      assert.ok(alert, 'the follower of Weather got the alert');
      assert.match(alert.header('Subject'), /Breaking news: Hail storm heads for the valley/);
      assert.equal(alert.header('List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      const unsubscribe = /<(http:\/\/news\.test\/newsletter\/unsubscribe\?t=[^>]+)>/.exec(alert.header('List-Unsubscribe'))?.[1];
      assert.ok(unsubscribe);
      assert.match(alert.data, /Content-Type: text\/html/);
      // What a mail client does for one-click unsubscribe: a bare POST, no cookie, no form token.
      const response = await fetch(unsubscribe.replace('http://news.test', base), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      assert.equal(response.status, 200);
      const page = await browser.newPage();
      await page.goto(unsubscribe.replace('http://news.test', base));
      assert.equal(await page.locator('h1').textContent(), 'You are unsubscribed');
      await screenshot(page, `unsubscribed-${dialect}`);
      await page.close();
    });

    it('signs up for email without an account and confirms by the emailed link', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${base}/newsletter`);
      await page.getByLabel('Email address').fill('morning@example.org');
      await page.getByLabel('Weather', { exact: true }).check();
      await page.getByLabel('Sports', { exact: true }).check();
      await page.getByLabel('How often').selectOption('daily');
      await screenshot(page, `newsletter-${dialect}`);
      await page.getByRole('button', { name: 'Sign up' }).click();
      assert.equal(await page.locator('h1').textContent(), 'Check your email');
      const before = sink.messages.length;
      await site.app.outbox.flush();
      await sink.waitFor(before + 1, 5000);
      const mail = sink.messages.slice(before).find((m) => m.to.includes('morning@example.org'));
      assert.ok(mail);
      const link = /http:\/\/news\.test(\/newsletter\/confirm\?token=[\w.%-]+)/.exec(mail.data.replace(/=\r?\n/g, '').replace(/=3D/g, '='))?.[1];
      assert.ok(link, 'the confirmation link');
      await page.goto(base + link);
      await page.getByRole('button', { name: 'Confirm' }).click();
      assert.equal(await page.locator('h1').textContent(), 'You are signed up');
      await page.getByRole('link', { name: 'Your email preferences' }).click();
      assert.equal(await page.getByLabel('Email for Weather').inputValue(), 'daily');
      assert.equal(await page.getByLabel('Email for Sports').inputValue(), 'daily');
      await screenshot(page, `preferences-${dialect}`);
      await context.close();
    });

    it('has no accessibility violations on the follow, newsletter and desk newsletter pages', async () => {
      const editorEmail = 'editor@kv7.example';
      await createUser(site.web.db, { email: editorEmail, displayName: 'Eddie Tor', password: PASSWORD, role: 'editor', verified: true });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      for (const path of ['/follow?topic=weather', '/newsletter']) {
        await page.goto(base + path);
        const violations = await axeViolations(page);
        assert.equal(violations.length, 0, `${path}:\n${describeViolations(violations)}`);
      }
      await page.goto(`${base}/account/sign-in`);
      await page.getByLabel('Email address').fill(editorEmail);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/account$/);
      for (const path of ['/follow?topic=weather', '/account/follows', '/following', '/desk/newsletters']) {
        await page.goto(base + path);
        const violations = await axeViolations(page);
        assert.equal(violations.length, 0, `${path}:\n${describeViolations(violations)}`);
      }
      await screenshot(page, `desk-newsletters-${dialect}`);
      await context.close();
    });
  });
}
