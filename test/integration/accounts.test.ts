// Accounts over HTTP on both engines: sign-up with a verification email, sign-in sessions,
// sign-out, CSRF on every form, and the cookie flags.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient as Browser } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

function outbox(site: TestSite): string[] {
  const dir = site.config.outboxDir;
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8')) : [];
}

for (const dialect of DIALECTS) {
  describe(`accounts [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    before(async () => {
      site = await createTestSite(dialect);
    });
    after(async () => {
      await site?.close();
    });

    it('refuses a form post without the CSRF token', async () => {
      const res = await site.app.inject({ method: 'POST', url: '/account/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%40b.org&password=x' });
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /This form has expired or did not come from this site/);
      const browser = new Browser(site);
      await browser.get('/account/sign-in');
      const forged = await browser.post('/account/sign-in', { _csrf: 'x'.repeat(32), email: 'a@b.org', password: 'y' });
      assert.equal(forged.statusCode, 403);
    });

    it('refuses weak passwords and bad emails with the reason, keeping what was typed', async () => {
      const browser = new Browser(site);
      const weak = await browser.submit('/account/sign-up', '/account/sign-up', { email: 'ana@example.org', name: 'Ana Ruiz', password: 'password123' });
      assert.equal(weak.statusCode, 400);
      assert.match(weak.body, /<p class="form-error" id="form-error" role="alert">That password is among the most common ones; choose another.<\/p>/);
      assert.match(weak.body, /value="ana@example.org"/);
      assert.doesNotMatch(weak.body, /password123/);
      const bad = await browser.submit('/account/sign-up', '/account/sign-up', { email: 'not-an-email', name: 'Ana', password: 'lantern over the ferry' });
      assert.match(bad.body, /Enter a valid email address/);
    });

    it('signs up, emails a verification link, and verifies it once', async () => {
      const browser = new Browser(site);
      const res = await browser.submit('/account/sign-up', '/account/sign-up', { email: 'Ana@Example.org', name: 'Ana Ruiz', password: 'lantern over the ferry' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/account?welcome=1');
      const cookie = String(res.headers['set-cookie']).split(/,(?=\s*mh_)/).find((c) => c.includes('mh_session='));
      assert.match(cookie ?? '', /HttpOnly/);
      assert.match(cookie ?? '', /SameSite=Lax/);
      assert.doesNotMatch(cookie ?? '', /Secure/, 'no Secure flag on an http site');
      const account = await browser.get('/account?welcome=1');
      assert.match(account.body, /Welcome! We have emailed you a link/);
      assert.match(account.body, /ana@example.org \(not verified yet/);
      const mail = outbox(site).find((m) => m.includes('To: ana@example.org'));
      assert.ok(mail, 'a verification email was written to the outbox');
      assert.match(mail, /Subject: Confirm your email address for Kestrel Valley 7/);
      const link = /http:\/\/news\.test(\/account\/verify\?token=[\w-]+)/.exec(mail)?.[1];
      assert.ok(link);
      const verified = await browser.get(link);
      assert.match(verified.body, /Email address verified/);
      assert.match((await browser.get('/account')).body, /ana@example.org \(verified\)/);
      const again = await browser.get(link);
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /not valid any more/);
      const duplicate = await new Browser(site).submit('/account/sign-up', '/account/sign-up', { email: 'ana@example.org', name: 'Other Ana', password: 'another long secret' });
      assert.match(duplicate.body, /already has an account/);
    });

    it('signs in with a new session each time, signs out, and keeps next= on this site', async () => {
      const browser = new Browser(site);
      const wrong = await browser.submit('/account/sign-in', '/account/sign-in', { email: 'ana@example.org', password: 'not the password' });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /That email address and password do not match an account/);
      const first = await browser.submit('/account/sign-in?next=/topics/weather', '/account/sign-in', { email: 'ANA@example.org', password: 'lantern over the ferry', next: '/topics/weather' });
      assert.equal(first.statusCode, 303);
      assert.equal(first.headers.location, '/topics/weather');
      const firstSession = browser.cookies.get('mh_session');
      const second = await browser.submit('/account/sign-in', '/account/sign-in', { email: 'ana@example.org', password: 'lantern over the ferry', next: '//evil.example/x' });
      assert.equal(second.headers.location, '/account', 'an off-site next= is ignored');
      assert.notEqual(browser.cookies.get('mh_session'), firstSession, 'sign-in issues a new session id');
      const old = await site.app.inject({ url: '/account', headers: { cookie: `mh_session=${firstSession}` } });
      assert.equal(old.statusCode, 303, 'the replaced session no longer works');

      const out = await browser.submit('/account', '/account/sign-out', {});
      assert.equal(out.statusCode, 303);
      const after = await browser.get('/account');
      assert.equal(after.statusCode, 303);
      assert.equal(after.headers.location, '/account/sign-in?next=/account');
    });

    it('signs out on every device', async () => {
      const phone = new Browser(site);
      const laptop = new Browser(site);
      for (const b of [phone, laptop]) await b.submit('/account/sign-in', '/account/sign-in', { email: 'ana@example.org', password: 'lantern over the ferry' });
      assert.equal((await laptop.get('/account')).statusCode, 200);
      await phone.submit('/account', '/account/sign-out-everywhere', {});
      assert.equal((await laptop.get('/account')).statusCode, 303);
    });

    it('keeps reader pages free of anything personal', async () => {
      const browser = new Browser(site);
      await browser.submit('/account/sign-in', '/account/sign-in', { email: 'ana@example.org', password: 'lantern over the ferry' });
      const home = await browser.get('/');
      assert.doesNotMatch(home.body, /Ana Ruiz|ana@example/);
      assert.equal(home.headers['set-cookie'], undefined);
    });
  });
}

describe('accounts on https', () => {
  it('marks cookies Secure when PUBLIC_URL is https', async () => {
    const site = await createTestSite('sqlite', { demo: false, config: { publicUrl: 'https://news.test' } });
    try {
      const page = await site.app.inject('/account/sign-in');
      assert.match(String(page.headers['set-cookie']), /mh_csrf=[\w-]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    } finally {
      await site.close();
    }
  });
});
