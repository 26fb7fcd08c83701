// Sitemaps and robots.txt on both engines: the index names every sitemap; story sitemaps list the
// site's own published stories with their pictures, and never wire copy whose canonical address
// is the wire's, noindex stories or unpublished ones; the news sitemap has the last two days with
// the publication's name and language. Documents are checked against the sitemaps.org schema
// with xmllint (the schema as the `sitemap` package ships it); the image and news elements, whose
// schemas are not available offline, are checked field by field.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { upsertSource } from '../../src/modules/ingest/index.ts';
import { createStory, withdrawStory } from '../../src/modules/stories/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { validateXml, xmllintSkip } from '../helpers/xmllint.ts';

const SITEMAP_XSD = createRequire(import.meta.url).resolve('sitemap/schema/sitemap.xsd');
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['url', 'sitemap', 'image:image'].includes(name) });
type Url = { loc: string; lastmod?: string; 'image:image'?: { 'image:loc': string }[]; 'news:news'?: { 'news:publication': { 'news:name': string; 'news:language': string }; 'news:publication_date': string; 'news:title': string } };
const urls = (xml: string) => ((parser.parse(xml) as { urlset: { url?: Url[] } }).urlset.url ?? []) as Url[];
/** The document without Google's extension elements, for the sitemaps.org schema alone. */
const withoutExtensions = (xml: string) => xml.replace(/<(image|news):(\w+)>[\s\S]*?<\/\1:\2>/g, '');

for (const dialect of DIALECTS) {
  describe(`sitemaps and robots.txt [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    const get = (url: string) => site.app.inject({ url });
    const ids: Record<string, { id: string; slug: string }> = {};

    before(async () => {
      site = await createTestSite(dialect, { demo: false });
      const db = site.web.db;
      const wire = await upsertSource(db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', slug: 'map-wire', name: 'Map Wire', shortName: 'MW' });
      const hidden = await upsertSource(db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'noindex', slug: 'quiet-wire', name: 'Quiet Wire', shortName: 'QW' });
      const now = Date.now();
      const at = (hoursAgo: number) => new Date(now - hoursAgo * 3600_000).toISOString();
      const story = (headline: string, extra: Record<string, unknown> = {}) => createStory(db, { headline, bodyHtml: '<p>Text.</p>', authors: [{ name: 'Lee Park', affiliation: null }], topics: [{ name: 'Local News' }], publishedAt: at(1), ...extra });
      ids.fresh = await story('Fresh local story & more');
      ids.old = await story('Local story from last week', { publishedAt: at(24 * 7) });
      ids.wire = await story('Wire copy with its own canonical', { sourceId: wire.id, originGuid: 'mw-1' });
      ids.quiet = await story('Wire copy kept from search engines', { sourceId: hidden.id, originGuid: 'qw-1' });
      ids.selfWire = await story('Wire copy the desk made the station’s own', { sourceId: wire.id, originGuid: 'mw-2' });
      await db.updateTable('stories').set({ canonical_policy: 'self' }).where('id', '=', ids.selfWire.id).execute();
      ids.held = await story('Held story', { status: 'held' });
      ids.gone = await story('Withdrawn story');
      await withdrawStory(db, ids.gone.id, { reason: 'Error.' });
    });
    after(() => site?.close());

    it('names every sitemap in the index, and robots.txt names the index', async () => {
      const index = await get('/sitemap.xml');
      assert.equal(index.statusCode, 200);
      assert.match(String(index.headers['content-type']), /^application\/xml/);
      const listed = ((parser.parse(index.body) as { sitemapindex: { sitemap: { loc: string }[] } }).sitemapindex.sitemap).map((s) => s.loc.replace('http://news.test', ''));
      const months = [...new Set([new Date(Date.now() - 3600_000), new Date(Date.now() - 7 * 24 * 3600_000)].map((d) => d.toISOString().slice(0, 7)))].sort();
      assert.deepEqual(listed, ['/sitemaps/news.xml', '/sitemaps/topics.xml', '/sitemaps/authors.xml', ...months.map((m) => `/sitemaps/stories/${m}.xml`)]);
      for (const path of listed) assert.equal((await get(path)).statusCode, 200, path);
      const robots = await get('/robots.txt');
      assert.match(robots.body, /^User-agent: \*$/m);
      assert.match(robots.body, /^Disallow: \/desk$/m);
      assert.match(robots.body, /^Sitemap: http:\/\/news\.test\/sitemap\.xml$/m);
    });

    it('lists the site’s own published stories, never wire copy canonical elsewhere, noindex or unpublished', async () => {
      const months = (parser.parse((await get('/sitemap.xml')).body) as { sitemapindex: { sitemap: { loc: string }[] } }).sitemapindex.sitemap.filter((s) => s.loc.includes('/stories/'));
      const listed = (await Promise.all(months.map(async (m) => urls((await get(m.loc.replace('http://news.test', ''))).body)))).flat().map((u) => u.loc);
      assert.deepEqual(listed.sort(), [ids.fresh, ids.old, ids.selfWire].map((s) => `http://news.test/stories/${s!.slug}`).sort());
      assert.equal((await get('/sitemaps/stories/1999-01.xml')).statusCode, 404);
      assert.equal((await get('/sitemaps/stories/not-a-month.xml')).statusCode, 400);
    });

    it('has the last two days in the news sitemap, with the publication and the headline', async () => {
      const news = urls((await get('/sitemaps/news.xml')).body);
      assert.deepEqual(news.map((u) => u.loc).sort(), [ids.fresh, ids.selfWire].map((s) => `http://news.test/stories/${s!.slug}`).sort(), 'not last week’s story, not the noindex wire');
      const fresh = news.find((u) => u.loc.endsWith(ids.fresh!.slug))!;
      assert.equal(fresh['news:news']?.['news:publication']['news:name'], 'Masthead', 'the site’s name');
      assert.equal(fresh['news:news']?.['news:publication']['news:language'], 'en');
      assert.equal(fresh['news:news']?.['news:title'], 'Fresh local story & more');
      assert.ok(!Number.isNaN(Date.parse(fresh['news:news']?.['news:publication_date'] ?? '')));
    });

    it('lists topics and authors with published stories', async () => {
      assert.deepEqual(urls((await get('/sitemaps/topics.xml')).body).map((u) => u.loc), ['http://news.test/topics/local-news']);
      assert.deepEqual(urls((await get('/sitemaps/authors.xml')).body).map((u) => u.loc), ['http://news.test/authors/lee-park']);
    });

    it('gives a story without a picture the site’s share image in its JSON-LD and OpenGraph', async () => {
      const page = (await get(`/stories/${ids.fresh!.slug}`)).body;
      const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(page)?.[1] ?? '{}') as { image?: string[] };
      const url = ld.image?.[0] ?? '';
      assert.match(url, /^http:\/\/news\.test\/assets\/share\.[0-9a-f]{10}\.png$/);
      assert.match(page, new RegExp(`<meta property="og:image" content="${url.replace(/\./g, '\\.')}"/><meta property="og:image:width" content="1200"/><meta property="og:image:height" content="675"/>`));
      const image = await get(url.replace('http://news.test', ''));
      assert.equal(image.statusCode, 200);
      assert.equal(image.headers['content-type'], 'image/png');
      assert.match(String(image.headers['cache-control']), /immutable/);
      const { default: sharp } = await import('sharp');
      const meta = await sharp(image.rawPayload).metadata();
      assert.deepEqual([meta.width, meta.height], [1200, 675], 'as large as Top Stories ask');
    });

    it('passes the sitemaps.org schema', { skip: xmllintSkip }, async () => {
      assert.match(validateXml('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>yesterday</lastmod></url></urlset>', SITEMAP_XSD), /loc|lastmod/, 'the check does refuse a broken sitemap');
      const listed = (parser.parse((await get('/sitemap.xml')).body) as { sitemapindex: { sitemap: { loc: string }[] } }).sitemapindex.sitemap.map((s) => s.loc.replace('http://news.test', ''));
      for (const path of listed) {
        const body = (await get(path)).body;
        assert.equal(validateXml(withoutExtensions(body), SITEMAP_XSD), '', `${path} against sitemap.xsd`);
      }
    });
  });
}
