// Wire sources in the browser on both engines: only admins open them; a source is added and
// changed with every setting checked (the field in error named), a push secret is shown once and
// works, replacing it stops the old one, and each source's ingest log says what became of every
// item, with the story it made.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../src/modules/accounts/index.ts';
import { findSourceBySlug } from '../../src/modules/ingest/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { addStaff, type Staff } from '../helpers/staff.ts';

const FORM = { name: 'Valley Wire', shortName: 'VW', kind: 'wire', rights: '© 2026 Valley Wire', canonical: 'original', format: 'auto', transport: 'http', location: '', pollSeconds: '300', authHeader: '', publish: 'hold', rules: '', defaultTopic: '' };
const secretIn = (body: string) => /<code class="secret">([A-Za-z0-9_-]+)<\/code>/.exec(body)?.[1] ?? '';

for (const dialect of DIALECTS) {
  describe(`wire sources on the desk [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let staff: Staff;
    let firstSecret = '';
    before(async () => {
      site = await createTestSite(dialect);
      staff = await addStaff(site, ['editor', 'admin'] as Role[]);
    });
    after(() => site?.close());

    const push = (slug: string, secret: string, body: unknown) =>
      site.app.inject({ method: 'POST', url: `/ingest/${slug}`, headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, payload: JSON.stringify(body) });

    it('is for admins only', async () => {
      const editor = await staff.signedIn('editor');
      for (const url of ['/desk/sources', '/desk/sources/new']) assert.equal((await editor.get(url)).statusCode, 403, url);
      assert.equal((await editor.post('/desk/sources', { _csrf: editor.csrf, slug: 'x' })).statusCode, 403);
      assert.equal((await (await staff.signedIn('admin')).get('/desk/sources')).statusCode, 200);
    });

    it('adds a source with every setting checked, and shows its push secret once', async () => {
      const admin = await staff.signedIn('admin');
      const noUrl = await admin.submit('/desk/sources/new', '/desk/sources', { ...FORM, slug: 'valley-wire' });
      assert.equal(noUrl.statusCode, 400);
      assert.match(noUrl.body, /needs its http\(s\) URL/);
      assert.match(noUrl.body, /id="source-location"[^>]*aria-invalid="true"/);
      const badRule = await admin.submit('/desk/sources/new', '/desk/sources', { ...FORM, slug: 'valley-wire', location: 'https://wire.example/feed.json', rules: 'World = VW - World\nnot a rule' });
      assert.equal(badRule.statusCode, 400);
      assert.match(badRule.body, /“not a rule” is not a rule/);
      const badSlug = await admin.submit('/desk/sources/new', '/desk/sources', { ...FORM, slug: 'Valley Wire!', location: 'https://wire.example/feed.json' });
      assert.equal(badSlug.statusCode, 400);
      const added = await admin.submit('/desk/sources/new', '/desk/sources', { ...FORM, slug: 'valley-wire', transport: 'push', rules: 'World = VW - World\nBusiness = VW - Business', newSecret: '1' });
      assert.equal(added.statusCode, 200);
      const secret = secretIn(added.body);
      assert.ok(secret.length >= 30, 'the secret is on the answer');
      firstSecret = secret;
      assert.doesNotMatch((await admin.get('/desk/sources/valley-wire')).body, new RegExp(secret), 'and never again');
      const source = await findSourceBySlug(site.web.db, 'valley-wire');
      assert.deepEqual(source?.topicRules, [{ subject: 'World', topic: 'VW - World' }, { subject: 'Business', topic: 'VW - Business' }]);
      assert.equal(source?.publishPolicy, 'hold');
      const pushed = await push('valley-wire', secret, { uri: 'vw:1', type: 'text', version: '1', headlines: [{ role: 'main', value: 'Mill reopens after fire' }], bodies: [{ contenttype: 'text/html', value: '<p>Text.</p>' }], subjects: [{ name: 'Business' }] });
      assert.equal(pushed.statusCode, 200);
      assert.equal(await site.web.db.selectFrom('stories').select('status').where('origin_guid', '=', 'vw:1').executeTakeFirstOrThrow().then((r) => r.status), 'held', 'held by the policy chosen');
      const again = await admin.submit('/desk/sources/new', '/desk/sources', { ...FORM, slug: 'valley-wire', transport: 'push' });
      assert.equal(again.statusCode, 409);
    });

    it('changes a source, lists each item it sent with its outcome and story, and replaces the secret', async () => {
      const admin = await staff.signedIn('admin');
      const saved = await admin.submit('/desk/sources/valley-wire', '/desk/sources/valley-wire', { ...FORM, transport: 'push', publish: 'publish', rules: 'World = VW - World' });
      assert.equal(saved.headers.location, '/desk/sources/valley-wire?done=saved');
      assert.equal((await findSourceBySlug(site.web.db, 'valley-wire'))?.publishPolicy, 'publish');
      const replaced = await admin.submit('/desk/sources/valley-wire', '/desk/sources/valley-wire/push-secret', {});
      const secret = secretIn(replaced.body);
      assert.ok(secret);
      assert.equal((await push('valley-wire', firstSecret, { uri: 'vw:x', type: 'text', headlines: [{ role: 'main', value: 'x' }] })).statusCode, 401, 'the old secret stops working');
      await push('valley-wire', secret, { uri: 'vw:2', type: 'text', version: '1', headlines: [{ role: 'main', value: 'Ferry fares rise in spring' }], bodies: [{ contenttype: 'text/html', value: '<p>Text.</p>' }] });
      await push('valley-wire', secret, { uri: 'vw:3', type: 'picture', version: '1' });
      const page = await admin.get('/desk/sources/valley-wire');
      assert.match(page.body, /<a href="\/desk\/stories\/[0-9a-z-]+">Ferry fares rise in spring<\/a>/);
      assert.match(page.body, /<a href="\/desk\/stories\/[0-9a-z-]+">Mill reopens after fire<\/a>/);
      assert.match(page.body, /vw:3 \(v1\)<\/td><td>refused<\/td><td>[^<]+/);
      const list = await admin.get('/desk/sources');
      assert.match(list.body, /Valley Wire<\/a> \(VW\)/);
      assert.match(list.body, /3 payloads/);
    });
  });
}
