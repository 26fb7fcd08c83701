// Form bodies are checked at the edge on both engines: a NUL byte (which PostgreSQL cannot store),
// an oversized field or a field sent twice is refused with 400, and the form is shown again with
// a sentence naming the field, not the validator's message and never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

for (const dialect of DIALECTS) {
  describe(`form bodies at the edge [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let slug: string;
    before(async () => {
      site = await createTestSite(dialect, { demo: false });
      slug = (await createStory(site.web.db, { headline: 'Edge checks', bodyHtml: '<p>Body.</p>', authors: [], topics: [], publishedAt: '2026-11-27T09:00:00Z' })).slug;
      await createUser(site.web.db, { email: 'edge@example.org', displayName: 'Edge', password: 'lantern over the ferry', verified: true });
      await createUser(site.web.db, { email: 'chief@example.org', displayName: 'Chief', password: 'lantern over the ferry', role: 'admin', verified: true });
    });
    after(() => site?.close());

    const post = async (formUrl: string, action: string, body: string) => {
      const client = new FormClient(site);
      await client.get(formUrl);
      return site.app.inject({
        method: 'POST',
        url: action,
        remoteAddress: client.address,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        payload: `_csrf=${encodeURIComponent(client.csrf)}&${body}`,
      });
    };

    const cases: [string, string, string, RegExp][] = [
      ['/account/sign-in', '/account/sign-in', 'email=a%00b%40example.org&password=lantern%20over%20the%20ferry', /“email” field contains a character/],
      ['/account/sign-up', '/account/sign-up', `email=${'x'.repeat(300)}%40example.org&name=Nul&password=lantern%20over%20the%20ferry`, /“email” field is too long/],
      ['/account/sign-up', '/account/sign-up', 'email=a%40example.org&email=b%40example.org&name=Twice&password=lantern%20over%20the%20ferry', /“email” field was sent more than once/],
      ['/account/reset', '/account/reset', 'email=a%00%40example.org', /“email” field contains a character/],
    ];
    for (const [formUrl, action, body, message] of cases) {
      it(`shows ${action} again with the reason for ${body.slice(0, 40)}…`, async () => {
        const res = await post(formUrl, action, body);
        assert.equal(res.statusCode, 400, res.body.slice(0, 300));
        assert.match(res.body, message);
        assert.match(res.body, /<form[^>]+method="post"/, 'the form is shown again');
        assert.doesNotMatch(res.body, /must match pattern|must NOT have/);
      });
    }

    it('shows the comment form again for a comment with a NUL byte, and stores nothing', async () => {
      const client = new FormClient(site);
      await client.signIn('edge@example.org', 'lantern over the ferry');
      const res = await client.submit(`/stories/${slug}/comment`, `/stories/${slug}/comments`, { body: 'Hidden\u0000byte' });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /“body” field contains a character/);
      assert.equal((await site.web.db.selectFrom('comments').select('id').execute()).length, 0);
    });

    it('checks every account and desk form at the edge too: a NUL byte or an oversized field is a 400 in words, and nothing changes', async () => {
      const client = new FormClient(site);
      await client.signIn('chief@example.org', 'lantern over the ferry');
      const cases: [string, string, Record<string, string>, RegExp][] = [
        ['/account', '/account/password', { current: 'lantern\u0000', password: 'a brand new passphrase' }, /“current” field contains a character/],
        ['/account', '/account/email', { 'email-password': 'lantern over the ferry', 'new-email': `${'n'.repeat(300)}@example.org` }, /“new-email” field is too long/],
        ['/desk/moderation/words', '/desk/moderation/words', { list: 'banned', words: 'fine\nbad\u0000word' }, /“words” field contains a character/],
        ['/desk/settings', '/desk/settings', { guidelines: 'g'.repeat(60_000) }, /“guidelines” field is too long/],
      ];
      for (const [formUrl, action, form, message] of cases) {
        const res = await client.submit(formUrl, action, form);
        assert.equal(res.statusCode, 400, `${action}: ${res.body.slice(0, 200)}`);
        assert.match(res.body, message, action);
        assert.doesNotMatch(res.body, /must match pattern|must NOT have/);
      }
      assert.equal((await site.web.db.selectFrom('moderation_words').select('word').execute()).length, 0, 'no word was added');
      // The old password still works: the change was refused before it was looked at.
      const again = new FormClient(site);
      await again.signIn('chief@example.org', 'lantern over the ferry');
    });

    // Security review #10.15: a NUL byte in a query field reached PostgreSQL and gave a 500.
    it('refuses a NUL byte anywhere in the address with a 400 page in words', async () => {
      const admin = new FormClient(site);
      await admin.signIn('chief@example.org', 'lantern over the ferry');
      for (const url of ['/desk/moderation?story=edge%00checks', '/desk/moderation/log?before=abc%00', '/account/verify?token=%00', `/stories/${slug}/comments?sort=oldest&after=x%00y`, '/account/sign-in?next=%2F%00']) {
        const res = await admin.get(url);
        assert.equal(res.statusCode, 400, url);
        assert.match(res.body, /The address has a part this site cannot read/, url);
      }
    });

    it('answers a malformed address with a 400 page in words', async () => {
      const res = await site.app.inject('/stories/Not_A_Slug!');
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /The address has a part this site cannot read/);
      assert.doesNotMatch(res.body, /must match pattern/);
    });
  });
}
