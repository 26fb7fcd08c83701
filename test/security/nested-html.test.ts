// Security review #10.1: a pushed HTML page of 5,000 nested <div> around one paragraph held the
// event loop for minutes (Readability's cost grows about with the cube of the depth). Pages
// are now bounded before a DOM is built, and extraction runs in a worker with a time limit,
// so /healthz keeps answering during any ingest.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashSecret, upsertSource } from '../../src/modules/ingest/index.ts';
import { htmlNestingDepth, MAX_HTML_DEPTH } from '../../src/modules/ingest/formats/html-guard.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const ARTICLE = `<p>${'The county board met on Tuesday and voted on the bridge repairs. '.repeat(12)}</p>`;
const page = (depth: number) =>
  `<!doctype html><html><head><title>Deep page</title><link rel="canonical" href="https://gazette.example/deep-${depth}"></head><body>${'<div>'.repeat(depth)}${ARTICLE}${'</div>'.repeat(depth)}</body></html>`;

it('estimates nesting depth in one pass, ignoring void and self-closing elements', () => {
  assert.equal(htmlNestingDepth('<html><body><div><p>a<br>b<img src=x><span/></p></div></body></html>'), 4);
  assert.equal(htmlNestingDepth(page(5000)), 5003, "html, body, 5,000 div and p");
});

for (const dialect of DIALECTS) {
  describe(`deeply nested HTML pushed as a wire item [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let base: string;
    before(async () => {
      site = await createTestSite(dialect, { demo: false });
      await upsertSource(site.database.handle.db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', pushSecretSha256: hashSecret('right-secret'), slug: 'html-wire', name: 'HTML Wire', shortName: 'HW' });
      base = await site.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(() => site?.close());

    const push = (body: string) =>
      fetch(`${base}/ingest/html-wire`, { method: 'POST', headers: { 'content-type': 'text/html', authorization: 'Bearer right-secret' }, body });

    it('refuses a page of 5,000 nested elements at once, with the reason, and stores the payload', async () => {
      const started = performance.now();
      const res = await push(page(5000));
      const report = (await res.json()) as { payload: string; items: { outcome: string; reason: string | null }[] };
      assert.ok(performance.now() - started < 5000, 'answered in seconds, not minutes');
      assert.equal(report.items[0]?.outcome, 'refused');
      assert.match(report.items[0]?.reason ?? '', new RegExp(`nests elements 5003 deep; the limit is ${MAX_HTML_DEPTH}`));
      const stored = await site.web.db.selectFrom('wire_payloads').select('id').where('id', '=', report.payload).executeTakeFirst();
      assert.ok(stored, 'the payload itself is kept');
    });

    it('keeps answering /healthz while a page just under the limit is extracted, and still takes it', async () => {
      const pushing = push(page(MAX_HTML_DEPTH - 10));
      const health = await Promise.all(Array.from({ length: 5 }, () => fetch(`${base}/healthz`).then((r) => r.status)));
      assert.deepEqual(health, [200, 200, 200, 200, 200]);
      const report = (await (await pushing).json()) as { items: { outcome: string }[] };
      assert.equal(report.items[0]?.outcome, 'created');
    });
  });
}
