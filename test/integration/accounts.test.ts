// Accounts over HTTP on both engines: sign-up with a verification email, sign-in sessions,
// sign-out, CSRF on every form, and the cookie flags.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createUser, LIMITS } from '../../src/modules/accounts/index.ts';
import { FormClient as Browser } from '../helpers/form-client.ts';
import { outbox, outboxAfter } from '../helpers/outbox.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

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

    it('signs up, emails a confirmation link, and the link confirms once and signs in', async () => {
      const browser = new Browser(site);
      const mailed = (await outbox(site)).length;
      const res = await browser.submit('/account/sign-up', '/account/sign-up', { email: 'Ana@Example.org', name: 'Ana Ruiz', password: 'lantern over the ferry' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/account/sign-up?sent=1');
      assert.equal(browser.cookies.get('mh_session'), undefined, 'no session until the address is confirmed');
      const sent = await browser.get('/account/sign-up?sent=1');
      assert.match(sent.body, /<h1 id="sent-heading">Check your email<\/h1>/);
      const mail = (await outboxAfter(site, mailed, 1)).find((m) => m.includes('To: ana@example.org'));
      assert.ok(mail, 'a confirmation email was written to the outbox');
      assert.match(mail, /Subject: Confirm your email address for Kestrel Valley 7/);
      const link = /http:\/\/news\.test(\/account\/verify\?token=[\w-]+)/.exec(mail)?.[1];
      assert.ok(link);
      // Opening the link (as a mail scanner would) uses nothing up: the button confirms.
      assert.match((await browser.get(link)).body, /Confirm and sign in/);
      const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
      const confirmed = await browser.submit(link, '/account/verify', { token });
      assert.equal(confirmed.statusCode, 303);
      assert.equal(confirmed.headers.location, '/account?welcome=1');
      const cookie = String(confirmed.headers['set-cookie']).split(/,(?=\s*mh_)/).find((c) => c.includes('mh_session='));
      assert.match(cookie ?? '', /HttpOnly/);
      assert.match(cookie ?? '', /SameSite=Lax/);
      assert.doesNotMatch(cookie ?? '', /Secure/, 'no Secure flag on an http site');
      const account = await browser.get('/account?welcome=1');
      assert.match(account.body, /Welcome! Your email address is confirmed/);
      assert.match(account.body, /ana@example.org \(verified\)/);
      const again = await new Browser(site).submit(link, '/account/verify', { token });
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /not valid any more/);
      assert.equal(String(again.headers['set-cookie'] ?? '').includes('mh_session='), false, 'a used link signs nobody in');
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

    it('resets a forgotten password by email, once, ending every session', async () => {
      const user = await createUser(site.web.db, { email: 'reset@example.org', displayName: 'Rae Set', password: 'first secret of mine', verified: true });
      const laptop = new Browser(site);
      await laptop.signIn(user.email, 'first secret of mine');
      const browser = new Browser(site);
      const before = (await outbox(site)).length;
      const unknown = await browser.submit('/account/reset', '/account/reset', { email: 'nobody@example.org' });
      const known = await browser.submit('/account/reset', '/account/reset', { email: 'RESET@example.org' });
      assert.equal(unknown.statusCode, 200);
      assert.equal(known.statusCode, 200);
      const sameWords = /If an account uses that address, we have emailed it a link/;
      assert.match(unknown.body, sameWords);
      assert.match(known.body, sameWords, 'the answer does not tell which addresses have accounts');
      const mails = await outboxAfter(site, before, 1);
      assert.equal(mails.length, 1);
      const link = /http:\/\/news\.test(\/account\/reset\/confirm\?token=[\w-]+)/.exec(mails[0] ?? '')?.[1];
      assert.ok(link);
      const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
      const weak = await browser.submit(link, '/account/reset/confirm', { token, password: 'password123' });
      assert.equal(weak.statusCode, 400);
      const done = await browser.submit(link, '/account/reset/confirm', { token, password: 'second secret of mine' });
      assert.equal(done.statusCode, 303);
      assert.match((await browser.get('/account?done=reset')).body, /Your new password is set/);
      assert.equal((await laptop.get('/account')).statusCode, 303, 'the old sessions are gone');
      const reused = await new Browser(site).submit(link, '/account/reset/confirm', { token, password: 'third secret of mine' });
      assert.match(reused.body, /not valid any more/);
      await new Browser(site).signIn(user.email, 'second secret of mine');
    });

    it('changes the password (other devices signed out) and the email address (after its link)', async () => {
      const user = await createUser(site.web.db, { email: 'change@example.org', displayName: 'Cal Change', password: 'first secret of mine', verified: true });
      const phone = new Browser(site);
      await phone.signIn(user.email, 'first secret of mine');
      const browser = new Browser(site);
      await browser.signIn(user.email, 'first secret of mine');
      const wrong = await browser.submit('/account', '/account/password', { current: 'not it at all', password: 'second secret of mine' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Your current password is not right/);
      const changed = await browser.submit('/account', '/account/password', { current: 'first secret of mine', password: 'second secret of mine' });
      assert.equal(changed.headers.location, '/account?done=password');
      assert.equal((await browser.get('/account')).statusCode, 200, 'this device stays signed in');
      assert.equal((await phone.get('/account')).statusCode, 303, 'other devices are signed out');

      const before = (await outbox(site)).length;
      const taken = await browser.submit('/account', '/account/email', { 'new-email': 'ana@example.org', 'email-password': 'second secret of mine' });
      assert.match(taken.body, /already has an account/);
      const asked = await browser.submit('/account', '/account/email', { 'new-email': 'cal@example.net', 'email-password': 'second secret of mine' });
      assert.equal(asked.headers.location, '/account?done=email');
      const mails = (await outbox(site)).slice(before);
      assert.ok(mails.some((m) => m.includes('To: change@example.org') && m.includes('cal@example.net')), 'the old address is told');
      const confirm = mails.find((m) => m.includes('To: cal@example.net'));
      const link = /http:\/\/news\.test(\/account\/email\/confirm\?token=[\w-]+)/.exec(confirm ?? '')?.[1];
      assert.ok(link);
      assert.match((await browser.get('/account')).body, /change@example.org/, 'nothing changes before the link is opened');
      const opened = await browser.get(link);
      assert.match(opened.body, /Your email address is now cal@example.net/);
      assert.match((await browser.get('/account')).body, /cal@example.net \(verified\)/);
    });

    it('deletes an account; its comments stay as "Deleted account"', async () => {
      const user = await createUser(site.web.db, { email: 'leaving@example.org', displayName: 'Lee Ving', password: 'first secret of mine', verified: true });
      const browser = new Browser(site);
      await browser.signIn(user.email, 'first secret of mine');
      const story = '/stories/hawks-rally-late-to-reach-the-state-semifinal';
      const posted = await browser.submit(`${story}/comment`, `${story}/comments`, { body: 'Go Hawks, what a comeback.' });
      assert.equal(posted.statusCode, 303);
      assert.match((await browser.get('/account')).body, /Go Hawks, what a comeback\./, 'the account page lists your comments');
      const wrong = await browser.submit('/account/delete', '/account/delete', { password: 'nope nope nope' });
      assert.equal(wrong.statusCode, 400);
      const gone = await browser.submit('/account/delete', '/account/delete', { password: 'first secret of mine' });
      assert.equal(gone.statusCode, 303);
      assert.equal((await browser.get('/account')).statusCode, 303);
      const page = await site.app.inject(story);
      assert.match(page.body, /<span class="comment__gone">Deleted account<\/span><\/span>/);
      assert.match(page.body, /Go Hawks, what a comeback\./);
      assert.doesNotMatch(page.body, /Lee Ving/);
      const signIn = await new Browser(site).submit('/account/sign-in', '/account/sign-in', { email: user.email, password: 'first secret of mine' });
      assert.equal(signIn.statusCode, 401);
    });

    it('limits password guessing per account and per address, saying when to try again', async () => {
      const user = await createUser(site.web.db, { email: 'guarded@example.org', displayName: 'Gus Guard', password: 'first secret of mine', verified: true });
      const attacker = new Browser(site);
      for (let i = 0; i < LIMITS.signInFailuresPerAccount.max; i++) {
        const res = await attacker.submit('/account/sign-in', '/account/sign-in', { email: user.email, password: `guess number ${i}` });
        assert.equal(res.statusCode, 401);
      }
      const locked = await attacker.submit('/account/sign-in', '/account/sign-in', { email: user.email, password: 'first secret of mine' });
      assert.equal(locked.statusCode, 429);
      assert.match(locked.body, /Too many wrong passwords for this account. Try again in 30 seconds, or reset your password./);
      assert.ok(Number(locked.headers['retry-after']) > 0 && Number(locked.headers['retry-after']) <= 30, 'slowed, not locked for the quarter hour');
      const owner = await new Browser(site).submit('/account/sign-in', '/account/sign-in', { email: user.email, password: 'first secret of mine' });
      assert.equal(owner.statusCode, 429, 'the account limit holds from every address');

      const sprayer = new Browser(site, '192.0.2.77');
      for (let i = 0; i < LIMITS.signInPerIp.max; i++) await sprayer.submit('/account/sign-in', '/account/sign-in', { email: `spray${i}@example.org`, password: 'x' });
      const sprayed = await sprayer.submit('/account/sign-in', '/account/sign-in', { email: 'ana@example.org', password: 'lantern over the ferry' });
      assert.equal(sprayed.statusCode, 429);
      assert.match(sprayed.body, /Too many sign-in attempts from your network. Try again in 15 minutes./);

      for (let i = 0; i < LIMITS.resetPerAccount.max; i++) assert.equal((await attacker.submit('/account/reset', '/account/reset', { email: 'flood@example.org' })).statusCode, 200);
      const flooded = await attacker.submit('/account/reset', '/account/reset', { email: 'flood@example.org' });
      assert.equal(flooded.statusCode, 429);
      assert.match(flooded.body, /already sent several reset links/);
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
      assert.match(String(page.headers['set-cookie']), /__Host-mh_presession=[\w-]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    } finally {
      await site.close();
    }
  });
});

describe('mail over SMTP', () => {
  it('sends the verification email through a real SMTP server when SMTP_URL is set', async () => {
    const received: { from: string; to: string[]; data: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => (data += chunk));
        stream.on('end', () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    const site = await createTestSite('sqlite', { demo: false, config: { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'desk@kv7.example' } });
    try {
      const res = await new Browser(site).submit('/account/sign-up', '/account/sign-up', { email: 'smtp@example.org', name: 'Sam Tp', password: 'lantern over the ferry' });
      assert.equal(res.statusCode, 303);
      // Queued with the account, handed to the mail server by the outbox sender after the answer.
      assert.equal(received.length, 0);
      assert.equal((await site.app.outbox.flush()).sent, 1);
      assert.equal(received.length, 1);
      assert.match(received[0]?.data ?? '', /Message-ID: <[0-9a-f]{32}@news\.test>/i);
      assert.equal(received[0]?.from, 'desk@kv7.example');
      assert.deepEqual(received[0]?.to, ['smtp@example.org']);
      assert.match(received[0]?.data ?? '', /Subject: Confirm your email address for Masthead/);
      assert.match((received[0]?.data ?? '').replace(/=\r?\n/g, ''), /http:\/\/news\.test\/account\/verify\?token=/);
      assert.equal(fs.existsSync(site.config.outboxDir), false, 'nothing is written to the file outbox');
    } finally {
      await site.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
