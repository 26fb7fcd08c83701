// Security review #10.21, against OWASP's session and HSTS cheat sheets: over https the
// session and pre-session cookies carry the __Host- prefix, HSTS covers subdomains, and a
// session ends when unused for SESSION_IDLE_DAYS, never later than SESSION_DAYS after sign-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, SESSION_DAYS, SESSION_IDLE_DAYS, sessionUser, signIn } from '../../src/modules/accounts/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'lantern over the ferry';
const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`cookies and sessions [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    before(async () => {
      site = await createTestSite(dialect, { demo: false, config: { publicUrl: 'https://news.test' } });
      await createUser(site.web.db, { email: 'secure@example.org', displayName: 'Sec Ure', password: PASSWORD, verified: true });
    });
    after(() => site?.close());

    it('names the session cookie __Host- over https and accepts no other name, with HSTS for subdomains', async () => {
      const form = await site.app.inject('/account/sign-in');
      assert.match(String(form.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/);
      const pre = /__Host-mh_presession=([\w-]+)/.exec(String(form.headers['set-cookie']))?.[1];
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
      assert.ok(pre && csrf);
      const res = await site.app.inject({
        method: 'POST',
        url: '/account/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'news.test', origin: 'https://news.test', cookie: `__Host-mh_presession=${pre}` },
        payload: new URLSearchParams({ _csrf: csrf, email: 'secure@example.org', password: PASSWORD }).toString(),
      });
      assert.equal(res.statusCode, 303);
      const cookie = String(res.headers['set-cookie']);
      const token = /__Host-mh_session=([\w-]+); Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax/.exec(cookie)?.[1];
      assert.ok(token, cookie);
      assert.doesNotMatch(cookie, /Domain=/i);
      assert.match((await site.app.inject({ url: '/account', headers: { cookie: `__Host-mh_session=${token}` } })).body, /Sec Ure/);
      // The same token under the unprefixed name (which a sibling page could plant) is no session.
      assert.equal((await site.app.inject({ url: '/account', headers: { cookie: `mh_session=${token}` } })).statusCode, 303);
    });

    it('ends a session left unused, and keeps a used one alive only up to its lifetime', async () => {
      const db = site.web.db;
      await db.deleteFrom('sessions').execute();
      const session = await signIn(db, 'secure@example.org', PASSWORD);
      assert.ok(session);
      const row = () => db.selectFrom('sessions').select(['expires_at', 'created_at']).where('user_id', '=', session.user.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      const fresh = await row();
      assert.ok(Math.abs(Date.parse(fresh.expires_at) - Date.now() - SESSION_IDLE_DAYS * DAY) < 60_000, 'a new session lasts the idle period');

      // Last used nine days ago: using it now extends it by the idle period again.
      const nineDaysOn = new Date(Date.now() + (SESSION_IDLE_DAYS - 9) * DAY).toISOString();
      await db.updateTable('sessions').set({ expires_at: nineDaysOn }).where('user_id', '=', session.user.id).execute();
      assert.ok(await sessionUser(db, session.token));
      assert.ok(Math.abs(Date.parse((await row()).expires_at) - Date.now() - SESSION_IDLE_DAYS * DAY) < 60_000);

      // Signed in 29 days ago: use extends it only to the 30-day lifetime.
      const created = new Date(Date.now() - 29 * DAY).toISOString();
      await db.updateTable('sessions').set({ created_at: created, expires_at: new Date(Date.now() + DAY / 2).toISOString() }).where('user_id', '=', session.user.id).execute();
      assert.ok(await sessionUser(db, session.token));
      assert.ok(Math.abs(Date.parse((await row()).expires_at) - (Date.parse(created) + SESSION_DAYS * DAY)) < 60_000);

      // Unused past the idle period: gone.
      await db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', session.user.id).execute();
      assert.equal(await sessionUser(db, session.token), null);
    });
  });
}
