// The reader's search over HTTP on both engines, with the demo station: the header's form on
// every page, the results page (marks, escaping, filters, paging), its messages by code, hostile
// input answered calmly, the OpenSearch description and the home page's SearchAction.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../src/modules/accounts/index.ts';
import { createStory, withdrawStory } from '../../src/modules/stories/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { addStaff } from '../helpers/staff.ts';

const FLOOD = '/stories/flood-barriers-hold-as-the-sable-river-crests-in-delta-towns';

const resultLinks = (html: string) => [...html.matchAll(/<h2 class="card__headline"><a href="([^"]+)"/g)].map((m) => m[1]);
const messageCode = (html: string) => /<p class="form-error" role="alert" data-code="([A-Z_]+)"/.exec(html)?.[1] ?? null;

for (const dialect of DIALECTS) {
  describe(`search pages [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    before(async () => {
      site = await createTestSite(dialect);
    });
    after(async () => {
      await site?.close();
    });
    const get = (url: string) => site.app.inject({ method: 'GET', url });

    it('puts a plain GET search form in the header of every page', async () => {
      for (const url of ['/', FLOOD, '/topics/local-news', '/about', '/tips', '/search']) {
        const html = (await get(url)).body;
        assert.match(html, /<form class="site-search" role="search" aria-label="Site" action="\/search" method="get"><label for="site-search-q" class="visually-hidden">Search stories<\/label><input id="site-search-q" type="search" name="q"/, url);
        assert.match(html, /<link rel="search" type="application\/opensearchdescription\+xml"/, url);
      }
    });

    it('finds stories by the words of their body and caption, with the words marked', async () => {
      const res = await get('/search?q=sandbag');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /<meta name="robots" content="noindex, follow"\/>/);
      assert.deepEqual(resultLinks(res.body)[0], FLOOD);
      assert.match(res.body, /<mark>[Ss]andbag(s)?<\/mark>/);
    });

    it('escapes what the reader typed everywhere it is shown', async () => {
      const res = await get(`/search?q=${encodeURIComponent('<script>alert(1)</script> "river')}`);
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /<script>alert/);
      assert.match(res.body, /&lt;script>alert\(1\)&lt;\/script>/);
    });

    it('leaves withdrawn stories out at once, and brings back published ones', async () => {
      const db = site.database.handle.db;
      const saved = await createStory(db, { headline: 'Quarry lake opens for swimmers', bodyHtml: '<p>Lifeguards start on Monday.</p>', authors: [{ name: 'Ruth Abara', affiliation: 'KV7' }], topics: [{ name: 'Local News' }], publishedAt: new Date().toISOString() });
      assert.deepEqual(resultLinks((await get('/search?q=quarry+swimmers')).body), [`/stories/${saved.slug}`]);
      await withdrawStory(db, saved.id, { reason: 'Published in error' });
      assert.deepEqual(resultLinks((await get('/search?q=quarry+swimmers')).body), []);
    });

    it('filters by topic, author and date, pages with a cursor, and sorts by newest', async () => {
      const db = site.database.handle.db;
      for (let i = 1; i <= 23; i++) {
        await createStory(db, { headline: `Lantern festival night ${i}`, bodyHtml: '<p>Lanterns on the water.</p>', authors: [{ name: i % 2 ? 'Oren Vale' : 'Sade Moss', affiliation: 'KV7' }], topics: [{ name: i % 3 ? 'Community' : 'Sports' }], publishedAt: `2026-10-${String(i).padStart(2, '0')}T12:00:00.000Z` });
      }
      const first = await get('/search?q=lantern&sort=newest');
      assert.equal(resultLinks(first.body).length, 20);
      assert.equal(resultLinks(first.body)[0], '/stories/lantern-festival-night-23');
      const next = /<a href="([^"]+)" rel="next">More results<\/a>/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(next, 'a next page');
      const second = await get(next);
      assert.equal(resultLinks(second.body).length, 3);
      assert.equal(new Set([...resultLinks(first.body), ...resultLinks(second.body)]).size, 23);
      assert.equal(resultLinks((await get('/search?q=lantern&topic=sports')).body).length, 7);
      assert.equal(resultLinks((await get('/search?q=lantern&author=sade-moss')).body).length, 11);
      assert.deepEqual(resultLinks((await get('/search?q=lantern&from=2026-10-05&to=2026-10-06&sort=newest')).body), ['/stories/lantern-festival-night-6', '/stories/lantern-festival-night-5']);
    });

    it('answers a search with nothing to look for, a bad date or a bad cursor with a message code, never a 500', async () => {
      assert.equal(messageCode((await get('/search?q=-river')).body), 'SEARCH_ONLY_EXCLUDED');
      assert.equal(messageCode((await get('/search?q=%22%22')).body), 'SEARCH_EMPTY');
      const badDate = await get('/search?q=river&from=2026-13-45');
      assert.equal(badDate.statusCode, 400);
      assert.equal(messageCode(badDate.body), 'SEARCH_DATE_INVALID');
      const badCursor = await get('/search?q=river&after=bm9wZQ');
      assert.equal(badCursor.statusCode, 400);
      assert.equal(messageCode(badCursor.body), 'SEARCH_CURSOR_INVALID');
      assert.equal(messageCode((await get('/search?q=river&topic=no-such-topic')).body), 'TOPIC_NOT_FOUND');
      const none = await get('/search?q=zyxwvut');
      assert.match(none.body, /<section class="notice search-none"/);
      const hostile = ['NEAR(a b)', '*', '"', '((x', 'a OR', '%00%07x', '%ED%A0%80', 'x'.repeat(10_240), 'a&q=b&q=c', '%22%3E%3Cimg%20src%3Dx%3E'];
      for (const q of hostile) {
        const res = await get(`/search?q=${q}`);
        assert.ok(res.statusCode === 200 || res.statusCode === 400, `${q.slice(0, 20)}: ${res.statusCode}`);
      }
    });

    it('lets staff search every status from the desk\'s story list and the wire queue', async () => {
      const db = site.database.handle.db;
      const base = { bodyHtml: '<p>The gondola cables were inspected.</p>', authors: [], topics: [{ name: 'Local News' }], publishedAt: new Date().toISOString() };
      await createStory(db, { ...base, headline: 'Gondola draft for Friday', status: 'draft' });
      await createStory(db, { ...base, headline: 'Gondola copy held for the desk', status: 'held', sourceId: (await db.selectFrom('sources').select('id').where('kind', '=', 'wire').executeTakeFirstOrThrow()).id, originGuid: 'urn:test:gondola' });
      const gone = await createStory(db, { ...base, headline: 'Gondola story withdrawn' });
      await withdrawStory(db, gone.id, { reason: 'Duplicate' });
      assert.deepEqual(resultLinks((await get('/search?q=gondola')).body), [], 'readers see none of them');
      const staff = await addStaff(site, ['editor'] as Role[]);
      const editor = await staff.signedIn('editor');
      const list = (await editor.get('/desk/stories?q=gondola+cables')).body;
      for (const headline of ['Gondola draft for Friday', 'Gondola copy held for the desk', 'Gondola story withdrawn']) assert.match(list, new RegExp(headline), headline);
      assert.match(list, /best match first/);
      const drafts = (await editor.get('/desk/stories?q=gondola&status=draft')).body;
      assert.match(drafts, /Gondola draft for Friday/);
      assert.doesNotMatch(drafts, /Gondola copy held/);
      const queue = (await editor.get('/desk/wire?q=gondola')).body;
      assert.match(queue, /Gondola copy held for the desk/);
      assert.doesNotMatch(queue, /Gondola draft for Friday/);
      assert.equal((await editor.get('/desk/stories?q=gondola&q=again')).statusCode, 200, 'a repeated parameter is not a 500');
    });

    it('describes the search for browsers, and offers it to search engines from the home page', async () => {
      const res = await get('/opensearch.xml');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^application\/opensearchdescription\+xml/);
      assert.match(res.body, /<Url type="text\/html" method="get" template="http:\/\/[^"]+\/search\?q=\{searchTerms\}"\/>/);
      const home = (await get('/')).body;
      const ld = [...home.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
      const website = ld.find((d) => d['@type'] === 'WebSite') as { potentialAction?: { '@type': string; target: { urlTemplate: string }; 'query-input': string } } | undefined;
      assert.equal(website?.potentialAction?.['@type'], 'SearchAction');
      assert.match(website?.potentialAction?.target.urlTemplate ?? '', /\/search\?q=\{search_term_string\}$/);
    });
  });
}
