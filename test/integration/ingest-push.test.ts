// POST /ingest/:source on both engines: secrets, refusals with reasons, pictures over HTTP.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashSecret, upsertSource } from '../../src/modules/ingest/index.ts';
import { getStoryBySlug } from '../../src/modules/stories/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

type ErrorJson = { error: { code: string; message: string } };

const PHOTO = fs.readFileSync(path.resolve('fixtures/demo/wire/newsroom/images/mill-street-bridge.jpg'));

for (const dialect of DIALECTS) {
  describe(`push ingest [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let pictures: http.Server;
    let pictureBase: string;
    before(async () => {
      site = await createTestSite(dialect, { demo: false });
      const base = { kind: 'wire' as const, defaultRights: null, canonicalPolicy: 'original' as const, pushSecretSha256: hashSecret('right-secret') };
      await upsertSource(site.database.handle.db, { ...base, slug: 'push-wire', name: 'Push Wire', shortName: 'PW' });
      await upsertSource(site.database.handle.db, { ...base, slug: 'local-wire', name: 'Local Wire', shortName: 'LW', allowLocal: true });
      pictures = http.createServer((req, res) => {
        if (req.url === '/photo.jpg') {
          res.writeHead(200, { 'content-type': 'image/jpeg' });
          res.end(PHOTO);
        } else {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<p>not an image</p>');
        }
      });
      await new Promise<void>((resolve) => pictures.listen(0, '127.0.0.1', resolve));
      pictureBase = `http://127.0.0.1:${(pictures.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise<void>((resolve) => pictures?.close(() => resolve()));
      await site?.close();
    });

    const push = (slug: string, body: string | Buffer, secret: string | null = 'right-secret', type = 'application/json') =>
      site.app.inject({
        method: 'POST',
        url: `/ingest/${slug}`,
        headers: { 'content-type': type, ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
        payload: body,
      });

    const item = (uri: string, extra: object = {}) =>
      JSON.stringify({ uri, type: 'text', version: '1', headlines: [{ role: 'main', value: `Pushed ${uri}` }], bodies: [{ contenttype: 'text/html', value: '<p>Text.</p>' }], ...extra });

    it('refuses pushes without the right secret, and unknown sources', async () => {
      const none = await push('push-wire', item('urn:p:0'), null);
      assert.equal(none.statusCode, 401);
      assert.equal(none.headers['www-authenticate'], 'Bearer');
      assert.equal((await push('push-wire', item('urn:p:0'), 'wrong')).statusCode, 401);
      const unknown = await push('nobody', item('urn:p:0'));
      assert.equal(unknown.statusCode, 401, 'an unknown source is answered as a wrong secret');
      assert.equal((unknown.json() as ErrorJson).error.code, 'PUSH_BAD_SECRET');
      assert.equal((await site.database.handle.db.selectFrom('wire_payloads').select('id').execute()).length, 0, 'nothing stored for a refused sender');
    });

    it('applies a pushed payload and answers what became of each item', async () => {
      const res = await push('push-wire', item('urn:p:1'));
      assert.equal(res.statusCode, 200);
      const body = res.json() as { format: string; items: { outcome: string; url: string; guid: string }[] };
      assert.equal(body.format, 'ninjs');
      assert.deepEqual(body.items.map((i) => [i.guid, i.outcome]), [['urn:p:1', 'created']]);
      assert.equal(body.items[0]?.url, 'http://news.test/stories/pushed-urn-p-1');
      assert.equal((await site.app.inject('/stories/pushed-urn-p-1')).statusCode, 200);
      assert.equal(((await push('push-wire', item('urn:p:1'))).json() as { items: { outcome: string }[] }).items[0]?.outcome, 'unchanged');
    });

    it('takes XML feeds too, and refuses an unreadable payload with 422 and the reason', async () => {
      const rss = `<rss><channel><item><guid>p-rss-1</guid><title>RSS push</title><description>Words.</description></item></channel></rss>`;
      const ok = await push('push-wire', rss, 'right-secret', 'application/rss+xml');
      assert.equal(ok.statusCode, 200);
      assert.equal((ok.json() as { format: string }).format, 'rss');
      const bad = await push('push-wire', 'this is not a feed', 'right-secret', 'text/plain');
      assert.equal(bad.statusCode, 422);
      assert.match((bad.json() as { refused: string }).refused, /unrecognised format/);
      const stored = await site.database.handle.db.selectFrom('wire_payloads').select(['refused_reason', 'transport']).where('refused_reason', 'is not', null).execute();
      assert.deepEqual(stored.map((s) => s.transport), ['push']);
    });

    it('refuses a payload over the size limit with 413', async () => {
      const res = await push('push-wire', Buffer.alloc(50 * 1024 * 1024 + 10, 0x20));
      assert.equal(res.statusCode, 413);
      assert.equal((res.json() as ErrorJson).error.code, 'PAYLOAD_TOO_LARGE');
    });

    it('fetches pictures over HTTP only from addresses the source may use', async () => {
      const withPicture = (uri: string, href: string) => item(uri, { associations: [{ type: 'picture', by: 'Ana Ruiz/PW', renditions: [{ href }] }] });
      const local = (await push('local-wire', withPicture('urn:p:pic', `${pictureBase}/photo.jpg`))).json() as { items: { reason: string | null }[] };
      assert.equal(local.items[0]?.reason, null);
      const story = await getStoryBySlug(site.database.handle.db, 'pushed-urn-p-pic');
      assert.equal(story?.hero?.width, 1600);
      assert.equal(story?.hero?.credit, 'Ana Ruiz/PW via Local Wire');

      type Answer = { items: { outcome: string; reason: string | null; warnings: string[]; headline: string }[] };
      const remote = (await push('push-wire', withPicture('urn:p:ssrf', `${pictureBase}/photo.jpg`))).json() as Answer;
      assert.equal(remote.items[0]?.outcome, 'created', 'the story still arrives');
      assert.equal(remote.items[0]?.reason, null);
      assert.match(remote.items[0]?.warnings[0] ?? '', /private or loopback address/, 'the picture is a warning on the item');
      assert.equal(remote.items[0]?.headline, 'Pushed urn:p:ssrf');
      const notImage = (await push('local-wire', withPicture('urn:p:html', `${pictureBase}/page.html`))).json() as Answer;
      assert.match(notImage.items[0]?.warnings[0] ?? '', /not an image/);
    });
  });
}
