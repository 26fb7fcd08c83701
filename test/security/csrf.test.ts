// CSRF on both engines: every state-changing route is checked by one hook; the token is bound to
// the session (or, before sign-in, to a pre-session cookie) under the site's secret; a form
// posted from another origin, another port of the same host included, is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'lantern over the ferry';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

for (const dialect of DIALECTS) {
  describe(`CSRF [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    before(async () => {
      site = await createTestSite(dialect, { demo: false });
      await createUser(site.web.db, { email: 'rita@example.org', displayName: 'Rita', password: PASSWORD, verified: true });
      await createUser(site.web.db, { email: 'sam@example.org', displayName: 'Sam', password: PASSWORD, verified: true });
      await createUser(site.web.db, { email: 'eddie@example.org', displayName: 'Eddie', password: PASSWORD, role: 'admin', verified: true });
    });
    after(() => site?.close());

    it('checks every POST, PUT, PATCH and DELETE route but the bearer-authenticated push API and one-click unsubscribe', async () => {
      const routes = site.app.csrf.routes;
      assert.ok(routes.length >= 20, `found ${routes.length} state-changing routes`);
      // Both carry their own authority: push a bearer secret, one-click unsubscribe (RFC 8058) a signed link.
      assert.deepEqual(routes.filter((r) => !r.checked).map((r) => `${r.method} ${r.url}`).sort(), ['POST /ingest/:slug', 'POST /newsletter/unsubscribe']);
      // And the hook really runs: a POST to each checked route without a token is refused.
      // Uploads check the role before their body is read (401 signed out): every route is tried
      // signed in as an admin, where only the token is missing.
      const admin = new FormClient(site);
      await admin.signIn('eddie@example.org', PASSWORD);
      const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      for (const route of routes.filter((r) => r.checked)) {
        const url = route.url.replace(':slug', 'any-story').replace(':id', '00000000-0000-7000-8000-000000000000');
        const headers = { ...FORM_TYPE, cookie };
        const res = await site.app.inject({ method: route.method as 'POST', url, headers, payload: form({ body: 'x' }) });
        assert.equal(res.statusCode, 403, `${route.method} ${route.url} answered ${res.statusCode}`);
        assert.match(res.body, /did not come from this site/);
      }
    });

    it("refuses a token taken from someone else's session", async () => {
      const rita = new FormClient(site);
      const sam = new FormClient(site);
      await rita.signIn('rita@example.org', PASSWORD);
      await sam.signIn('sam@example.org', PASSWORD);
      await rita.get('/account');
      await sam.get('/account');
      assert.notEqual(rita.csrf, sam.csrf, 'each session has its own token');
      const stolen = await rita.post('/account/notifications', { _csrf: sam.csrf, replies: '1' });
      assert.equal(stolen.statusCode, 403);
      const own = await rita.post('/account/notifications', { _csrf: rita.csrf, replies: '1' });
      assert.equal(own.statusCode, 303);
    });

    it('rotates the token at sign-in: a form loaded before it no longer posts', async () => {
      const client = new FormClient(site);
      await client.get('/account/sign-in');
      const before = client.csrf;
      await client.signIn('rita@example.org', PASSWORD);
      await client.get('/account');
      assert.notEqual(client.csrf, before);
      assert.equal((await client.post('/account/notifications', { _csrf: before })).statusCode, 403);
    });

    it('refuses a planted pre-session cookie and token posted from another origin (login CSRF)', async () => {
      // The attacker loads the sign-in form for themselves, then makes the victim's browser post
      // it from a page on another port of the same host, where they can also set cookies.
      const attacker = new FormClient(site);
      await attacker.get('/account/sign-in');
      const planted = attacker.cookies.get('mh_presession') ?? '';
      assert.ok(planted && attacker.csrf);
      const post = (headers: Record<string, string>) =>
        site.app.inject({
          method: 'POST',
          url: '/account/sign-in',
          headers: { ...FORM_TYPE, cookie: `mh_presession=${planted}`, host: 'news.test', ...headers },
          payload: form({ _csrf: attacker.csrf, email: 'sam@example.org', password: PASSWORD }),
        });
      assert.equal((await post({ origin: 'http://news.test:8081' })).statusCode, 403, 'another port is another origin');
      assert.equal((await post({ origin: 'http://evil.test' })).statusCode, 403);
      assert.equal((await post({ 'sec-fetch-site': 'same-site' })).statusCode, 403);
      assert.equal((await post({ origin: 'null' })).statusCode, 403);
      // The site's own form, from its own origin, still works.
      assert.equal((await post({ origin: 'http://news.test', 'sec-fetch-site': 'same-origin' })).statusCode, 303);
    });

    it('accepts forms from the public address behind a proxy that rewrites Host', async () => {
      const client = new FormClient(site);
      await client.get('/account/sign-in');
      const res = await site.app.inject({
        method: 'POST',
        url: '/account/sign-in',
        headers: { ...FORM_TYPE, host: '127.0.0.1:3000', origin: 'http://news.test', cookie: `mh_presession=${client.cookies.get('mh_presession') ?? ''}` },
        payload: form({ _csrf: client.csrf, email: 'rita@example.org', password: PASSWORD }),
      });
      assert.equal(res.statusCode, 303);
    });
  });
}
