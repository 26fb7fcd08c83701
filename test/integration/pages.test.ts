// Reader pages over HTTP (app.inject) on both engines, with the demo station loaded.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { findSourceBySlug, upsertSource } from '../../src/modules/ingest/index.ts';
import { saveSettings } from '../../src/modules/settings/index.ts';
import { indexStories } from '../../src/modules/search/index.ts';
import { addCorrection, createStory, setStoryStatus } from '../../src/modules/stories/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const FLOOD = '/stories/flood-barriers-hold-as-the-sable-river-crests-in-delta-towns';
const FISHING = '/stories/talks-on-northern-fishing-rights-to-resume-after-two-year-pause';
const WITHDRAWN = '/stories/early-count-suggests-record-turnout-in-county-races';
const BRIDGE = '/stories/council-approves-4-2-million-repair-of-the-mill-street-bridge';

function jsonLd(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html);
  assert.ok(match?.[1], 'page has JSON-LD');
  return JSON.parse(match[1]) as Record<string, unknown>;
}

function meta(html: string, attr: 'name' | 'property', key: string): string | undefined {
  const re = new RegExp(`<meta ${attr}="${key.replace(/[:]/g, '\\$&')}" content="([^"]*)"`);
  return re.exec(html)?.[1];
}

for (const dialect of DIALECTS) {
  describe(`reader pages [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    before(async () => {
      site = await createTestSite(dialect);
    });
    after(async () => {
      await site?.close();
    });
    const get = (url: string, headers: Record<string, string> = {}) => site.app.inject({ method: 'GET', url, headers });

    it('serves a story page with every element a station story shows', async () => {
      const res = await get(FLOOD);
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      const html = res.body;
      // Skip link is the first focusable element, pointing at <main id="main">.
      const firstLink = /<(a|button|input|select|textarea)\b[^>]*>/.exec(html.slice(html.indexOf('<body')));
      assert.match(firstLink?.[0] ?? '', /class="skip-link" href="#main"/);
      assert.match(html, /<main id="main"/);
      assert.match(html, /<h1 class="story__headline">Flood barriers hold as the Sable River crests in delta towns<\/h1>/);
      assert.match(html, /<p class="story__standfirst">Engineers said/);
      assert.match(html, /<figure class="story__hero"><picture><source type="image\/webp" srcset="[^"]+ 320w, [^"]+ 640w/);
      assert.match(html, /<img [^>]*width="1600" height="900" alt="A long wall of sandbags/);
      assert.match(html, /<span class="caption">Sandbag walls line the riverbank/);
      assert.match(html, /<span class="credit">Lina Okafor\/Harbor Press Pool via Meridian Newsource<\/span>/);
      assert.match(html, /By <span><span><a href="\/authors\/ana-ruiz" rel="author">Ana Ruiz<\/a><\/span><span>, <a href="\/authors\/tomas-pell" rel="author">Tomas Pell<\/a><\/span><span> and <a href="\/authors\/mei-chen" rel="author">Mei Chen<\/a><\/span><span class="byline__outlet">, MNS<\/span>/);
      assert.match(html, /<div class="story__body"><p><span class="dateline">\(MNS\) — <\/span>The Sable River crested/);
      assert.match(html, /<blockquote><p>“We planned for this river/);
      assert.match(html, /Published <time datetime="2026-11-26T14:05:00.000Z">6:05 AM PST, Thu November 26, 2026<\/time>/);
      assert.doesNotMatch(html, /Updated <time/);
      assert.match(html, /<p class="story__rights">© 2026 Meridian News Service. All rights reserved.<\/p>/);
      assert.match(html, /<p class="story__source">Meridian Newsource<\/p>/);
      assert.match(html, /Article Topic Follows:<\/h2><a class="topic-follow__topic" href="\/topics\/mns-world">MNS - World<\/a>/);
      assert.match(html, /<a href="\/topics\/nation-and-world">Nation &amp; World<\/a>/);
    });

    it('describes the story for search engines and social cards', async () => {
      const html = (await get(FLOOD)).body;
      const ld = jsonLd(html);
      assert.equal(ld['@type'], 'NewsArticle');
      assert.equal(ld.headline, 'Flood barriers hold as the Sable River crests in delta towns');
      assert.equal(ld.datePublished, '2026-11-26T14:05:00.000Z');
      assert.equal(ld.dateModified, '2026-11-26T14:05:00.000Z');
      assert.equal(ld.articleSection, 'MNS - World');
      assert.equal(ld.isAccessibleForFree, true);
      assert.equal(ld.copyrightNotice, '© 2026 Meridian News Service. All rights reserved.');
      assert.deepEqual(ld.copyrightHolder, { '@type': 'Organization', name: 'Meridian Newsource' });
      assert.deepEqual((ld.publisher as { name: string }).name, 'Kestrel Valley 7');
      const authors = ld.author as { '@type': string; name: string; url: string }[];
      assert.deepEqual(authors.map((a) => [a['@type'], a.name, a.url]), [
        ['Person', 'Ana Ruiz', 'http://news.test/authors/ana-ruiz'],
        ['Person', 'Tomas Pell', 'http://news.test/authors/tomas-pell'],
        ['Person', 'Mei Chen', 'http://news.test/authors/mei-chen'],
      ]);
      assert.match((ld.image as string[])[0] ?? '', /^http:\/\/news\.test\/media\/r\/[0-9a-f]+-1280\.jpg$/);
      assert.equal(meta(html, 'property', 'og:type'), 'article');
      assert.equal(meta(html, 'property', 'og:title'), 'Flood barriers hold as the Sable River crests in delta towns');
      assert.match(meta(html, 'property', 'og:image') ?? '', /^http:\/\/news\.test\/media\//);
      assert.equal(meta(html, 'name', 'twitter:card'), 'summary_large_image');
      // Meridian's policy keeps its copy out of search engines; the canonical stays on this site.
      assert.equal(meta(html, 'name', 'robots'), 'noindex, follow, max-image-preview:large');
      assert.match(html, /<link rel="canonical" href="http:\/\/news\.test\/stories\/flood-barriers-hold/);
    });

    it('lets the station index its own stories and points wire copy at the original when the policy says so', async () => {
      const own = (await get(BRIDGE)).body;
      assert.equal(meta(own, 'name', 'robots'), 'index, follow, max-image-preview:large');
      assert.match(own, /<link rel="canonical" href="http:\/\/news\.test\/stories\/council-approves/);
      assert.match(own, /<span class="dateline">KESTREL FALLS — <\/span>/);

      const db = site.database.handle.db;
      const source = await db.selectFrom('sources').select('id').where('slug', '=', 'meridian-newsource').executeTakeFirstOrThrow();
      await db.updateTable('sources').set({ canonical_policy: 'original' }).execute();
      const saved = await createStory(db, {
        headline: 'Wire story with an original link',
        bodyHtml: '<p>Text.</p>',
        authors: [],
        topics: [{ name: 'MNS - World' }],
        sourceId: source.id,
        originGuid: 'urn:test:original',
        originUrl: 'https://wire.example/story/1',
        publishedAt: '2026-11-27T00:00:00.000Z',
      });
      const wire = (await get(`/stories/${saved.slug}`)).body;
      assert.match(wire, /<link rel="canonical" href="https:\/\/wire\.example\/story\/1"\/>/);
      assert.match(wire, /<p class="story__origin">Originally published by <a href="https:\/\/wire\.example\/story\/1" rel="noopener">Meridian Newsource<\/a>\.<\/p>/);
      assert.equal(meta(wire, 'name', 'robots'), 'index, follow, max-image-preview:large');
      await db.updateTable('sources').set({ canonical_policy: 'noindex' }).where('slug', '=', 'meridian-newsource').execute();
      await db.updateTable('sources').set({ canonical_policy: 'self' }).where('slug', '=', 'kv7-newsroom').execute();
    });

    it('renders cached pages again when a source or the settings change', async () => {
      const before = (await get(FLOOD)).body;
      assert.equal(meta(before, 'name', 'robots'), 'noindex, follow, max-image-preview:large');
      const db = site.database.handle.db;
      const source = await findSourceBySlug(db, 'meridian-newsource');
      assert.ok(source);
      await upsertSource(db, { ...source, defaultRights: '© 2026 Meridian News Service. Licensed to Kestrel Valley 7.', canonicalPolicy: 'self' });
      const after = (await get(FLOOD)).body;
      assert.equal(meta(after, 'name', 'robots'), 'index, follow, max-image-preview:large');
      await saveSettings(db, { tagline: 'Your valley, every day' });
      assert.match((await get('/')).body, /<p class="tagline">Your valley, every day<\/p>/);
      assert.match((await get(FLOOD)).body, /<p class="tagline">Your valley, every day<\/p>/);
      await upsertSource(db, source);
      await saveSettings(db, { tagline: 'News, weather and sports for the Kestrel Valley' });
    });

    it('marks an updated story with both times', async () => {
      const html = (await get(FISHING)).body;
      assert.match(html, /Published <time datetime="2026-11-24T09:30:00.000Z">/);
      assert.match(html, /Updated <time datetime="2026-11-25T16:10:00.000Z">8:10 AM PST, Wed November 25, 2026<\/time>/);
      assert.equal(jsonLd(html).dateModified, '2026-11-25T16:10:00.000Z');
    });

    it('answers 410 with the notice for a withdrawn story', async () => {
      const res = await get(WITHDRAWN);
      assert.equal(res.statusCode, 410);
      assert.match(res.body, /<h1 id="withdrawn-heading">This story has been withdrawn<\/h1>/);
      assert.match(res.body, /Withdrawn on <time datetime="2026-11-17T08:20:00.000Z">/);
      assert.match(res.body, /Meridian Newsource withdrew this story\./);
      assert.doesNotMatch(res.body, /Preliminary figures/);
      const home = (await get('/')).body;
      assert.doesNotMatch(home, /early-count-suggests-record-turnout/);
    });

    it('serves the home page: lead story with photo, latest stories and topic rails', async () => {
      const res = await get('/');
      assert.equal(res.statusCode, 200);
      const html = res.body;
      assert.match(html, /<section class="lead"[^>]*><a class="lead__image"[^>]*><picture>/);
      assert.match(html, /<h2 id="latest-heading" class="section-heading">Latest stories<\/h2>/);
      for (const topic of ['local-news', 'weather', 'sports', 'community', 'nation-and-world']) {
        assert.match(html, new RegExp(`<h2 id="rail-${topic}" class="section-heading"><a href="/topics/${topic}">`));
      }
    });

    it('serves topic pages with subtopics and author pages with bios', async () => {
      const topic = await get('/topics/nation-and-world');
      assert.equal(topic.statusCode, 200);
      assert.match(topic.body, /<h1>Nation &amp; World<\/h1>/);
      assert.match(topic.body, /<a href="\/topics\/mns-world">MNS - World<\/a>/);
      assert.match(topic.body, /Flood barriers hold/);
      const child = await get('/topics/mns-world');
      assert.match(child.body, /<p class="kicker"><a href="\/topics\/nation-and-world">Nation &amp; World<\/a><\/p>/);
      const author = await get('/authors/sam-whitfield');
      assert.equal(author.statusCode, 200);
      assert.match(author.body, /<h1>Sam Whitfield<\/h1>/);
      assert.match(author.body, /chief meteorologist/);
      assert.match(author.body, /First hard freeze of the season/);
      assert.match(author.body, /Why valley fog lingers/);
    });

    it('pages a long topic with an "Older stories" link', async () => {
      const db = site.database.handle.db;
      for (let i = 0; i < 23; i++) {
        await createStory(db, {
          headline: `Council notebook ${i}`,
          bodyHtml: '<p>Minutes.</p>',
          authors: [{ name: 'Dana Ortiz', affiliation: 'Kestrel Valley 7' }],
          topics: [{ name: 'Council Notebook' }],
          publishedAt: new Date(Date.UTC(2026, 8, 1 + i)).toISOString(),
        });
      }
      const first = await get('/topics/council-notebook');
      const next = /<a href="\/topics\/council-notebook\?before=([A-Za-z0-9_-]+)" rel="next">Older stories<\/a>/.exec(first.body);
      assert.ok(next, 'first page links to older stories');
      assert.equal((first.body.match(/<article class="card">/g) ?? []).length, 20);
      const second = await get(`/topics/council-notebook?before=${next[1]}`);
      assert.equal(second.statusCode, 200);
      assert.equal((second.body.match(/<article class="card">/g) ?? []).length, 3);
      assert.match(second.body, /Council notebook 0</);
      assert.doesNotMatch(second.body, /rel="next"/);
      assert.match(second.body, /<a href="\/topics\/council-notebook">Latest stories<\/a>/);
    });

    it('serves About and Contact from the station settings', async () => {
      const about = await get('/about');
      assert.equal(about.statusCode, 200);
      assert.match(about.body, /<h1>About Kestrel Valley 7<\/h1>/);
      assert.match(about.body, /covered the towns of the Kestrel River valley since 1968/);
      const contact = await get('/contact');
      assert.match(contact.body, /<a href="mailto:newsroom@kv7.example">newsroom@kv7.example<\/a>/);
      assert.match(contact.body, /<a href="tel:5550100177">\(555\) 010-0177<\/a>/);
    });

    it('shows correction notes with their dates', async () => {
      const db = site.database.handle.db;
      const story = await db.selectFrom('stories').select('id').where('slug', '=', BRIDGE.split('/').pop() ?? '').executeTakeFirstOrThrow();
      await addCorrection(db, story.id, 7, 'An earlier version gave the wrong cost of the repair.', '2026-11-28T17:00:00.000Z');
      await db.updateTable('stories').set({ modified_at: new Date().toISOString() }).where('id', '=', story.id).execute();
      await indexStories(db, [story.id]);
      const html = (await get(BRIDGE)).body;
      assert.match(html, /<section class="corrections" aria-labelledby="corrections-heading"><h2 id="corrections-heading">Correction<\/h2><ul><li><time datetime="2026-11-28T17:00:00.000Z">Nov 28, 2026<\/time>: An earlier version gave the wrong cost of the repair.<\/li>/);
    });

    it('never shows a story that is held, embargoed or withheld', async () => {
      const db = site.database.handle.db;
      for (const status of ['held', 'embargoed', 'withheld'] as const) {
        const saved = await createStory(db, { headline: `A ${status} story`, bodyHtml: '<p>Secret.</p>', authors: [], topics: [{ name: 'Local News' }], publishedAt: '2026-11-27T23:00:00.000Z' });
        await setStoryStatus(db, saved.id, status);
        const res = await get(`/stories/${saved.slug}`);
        assert.equal(res.statusCode, 404, status);
        assert.doesNotMatch(res.body, /Secret/);
        assert.doesNotMatch((await get('/topics/local-news')).body, new RegExp(`A ${status} story`));
        assert.doesNotMatch((await get('/')).body, new RegExp(`A ${status} story`));
      }
    });

    it('answers unknown pages with a 404 page', async () => {
      for (const url of ['/stories/no-such-story', '/topics/no-such-topic', '/authors/nobody-here', '/nowhere']) {
        const res = await get(url);
        assert.equal(res.statusCode, 404, url);
        assert.match(res.body, /<h1 id="error-heading">Page not found<\/h1>/, url);
        assert.match(res.body, /Kestrel Valley 7/, `${url} keeps the site's name`);
      }
    });

    it('answers malformed paths and parameters with a 400 page, never a 500', async () => {
      for (const url of [
        '/stories/Not_A_Slug!',
        '/stories/%E0%A4%A',
        '/topics/weather?before=%%%',
        '/topics/weather?before=bm90LWEtY3Vyc29y',
        `/authors/sam-whitfield?before=${'a'.repeat(300)}`,
        `/stories/${'a'.repeat(500)}`,
      ]) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, `${url} → ${res.statusCode}`);
        assert.match(res.body, /<h1 id="error-heading">That request was not understood<\/h1>/, url);
      }
    });

    it('sends validators and answers 304 when the page has not changed', async () => {
      const first = await get(FLOOD);
      const etag = first.headers.etag as string;
      assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
      assert.match(first.headers['cache-control'] as string, /public, max-age=60/);
      assert.ok(first.headers['last-modified']);
      const again = await get(FLOOD, { 'if-none-match': etag });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      const head = await site.app.inject({ method: 'HEAD', url: FLOOD });
      assert.equal(head.statusCode, 200);
      assert.equal(head.body, '');
    });

    it('renders again after the story changes', async () => {
      const db = site.database.handle.db;
      const before = await get(BRIDGE);
      await db.updateTable('stories').set({ headline: 'Council approves bridge repair', modified_at: new Date().toISOString() }).where('slug', '=', BRIDGE.split('/').pop() ?? '').execute();
      // A change made beside the stories module: the index is told, as the module would tell it.
      await indexStories(db, (await db.selectFrom('stories').select('id').execute()).map((r) => r.id));
      const after = await get(BRIDGE, { 'if-none-match': before.headers.etag as string });
      assert.equal(after.statusCode, 200);
      assert.match(after.body, /<h1 class="story__headline">Council approves bridge repair<\/h1>/);
      assert.notEqual(after.headers.etag, before.headers.etag);
    });

    it('reuses freshness checks for MASTHEAD_STAMP_TTL_MS, then shows the change', async () => {
      const ttlSite = await createTestSite(dialect, { demo: false, config: { stampTtlMs: 2000 } });
      try {
        const db = ttlSite.database.handle.db;
        const saved = await createStory(db, { headline: 'Stamp test', bodyHtml: '<p>One.</p>', authors: [], topics: [{ name: 'Local News' }], publishedAt: '2026-11-01T00:00:00.000Z' });
        const url = `/stories/${saved.slug}`;
        assert.match((await ttlSite.app.inject(url)).body, /<p>One\.<\/p>/);
        await db.updateTable('stories').set({ body_html: '<p>Two.</p>', modified_at: new Date().toISOString() }).where('id', '=', saved.id).execute();
        await indexStories(db, [saved.id]);
        assert.match((await ttlSite.app.inject(url)).body, /<p>One\.<\/p>/, 'within the lifetime the cached page is served');
        await new Promise((resolve) => setTimeout(resolve, 2100));
        assert.match((await ttlSite.app.inject(url)).body, /<p>Two\.<\/p>/, 'after it the change shows');
      } finally {
        await ttlSite.close();
      }
    });

    it('keeps a story page light: HTML and CSS under 50 KB, no third-party URLs, no inline scripts', async () => {
      const html = (await get(FLOOD)).body;
      const cssUrl = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
      assert.ok(cssUrl);
      const css = await get(cssUrl);
      assert.equal(css.statusCode, 200);
      assert.match(css.headers['cache-control'] as string, /immutable/);
      const total = Buffer.byteLength(html) + Buffer.byteLength(css.body);
      assert.ok(total < 50 * 1024, `${total} bytes`);
      const urls = [...html.matchAll(/\b(?:src|href|srcset)="([^"]+)"/g)].flatMap((m) => (m[1] ?? '').split(/,\s*/).map((u) => u.split(' ')[0] ?? ''));
      const external = urls.filter((u) => /^(https?:)?\/\//.test(u) && !u.startsWith('http://news.test/'));
      assert.deepEqual(external, []);
      // Structured data, and the progressive-enhancement scripts from this site (live comments,
      // the Follow button): nothing inline to run.
      const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
      assert.deepEqual(scripts, [' type="application/ld+json"', scripts[1], scripts[2]]);
      assert.match(scripts[1] ?? '', /^ src="\/assets\/live-comments\.[0-9a-f]{10}\.js" defer$/);
      assert.match(scripts[2] ?? '', /^ src="\/assets\/follow\.[0-9a-f]{10}\.js" defer$/);
      assert.match(html, /<script src="[^"]+" defer><\/script>/);
    });

    it('sends security headers with a strict Content-Security-Policy', async () => {
      const res = await get('/');
      assert.match(res.headers['content-security-policy'] as string, /default-src 'self'; script-src 'self'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'DENY');
    });

    it('serves media renditions with long-lived caching', async () => {
      const html = (await get(FLOOD)).body;
      const src = /<img src="([^"]+)"/.exec(html)?.[1];
      assert.ok(src);
      const image = await get(src);
      assert.equal(image.statusCode, 200);
      assert.equal(image.headers['content-type'], 'image/jpeg');
      assert.match(image.headers['cache-control'] as string, /max-age=31536000, immutable/);
    });

    it('serves every kind of page without logging an error', async () => {
      const lines: string[] = [];
      const logStream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const logged = await createTestSite(dialect, { config: { logLevel: 'warn' }, logStream });
      try {
        for (const [url, status] of [['/', 200], [FLOOD, 200], [WITHDRAWN, 410], ['/stories/nope', 404], ['/topics/weather', 200], ['/authors/sam-whitfield', 200], ['/about', 200], ['/contact', 200], ['/topics/weather?before=bad!', 400]] as const) {
          assert.equal((await logged.app.inject(url)).statusCode, status, url);
          assert.equal((await logged.app.inject(url)).statusCode, status, `${url} from the cache`);
        }
        assert.deepEqual(lines, []);
      } finally {
        await logged.close();
      }
    });

    it('reports health and Prometheus metrics', async () => {
      const health = await get('/healthz');
      assert.equal(health.statusCode, 200);
      assert.deepEqual({ ...(health.json() as object), latencyMs: 0 }, { status: 'ok', database: 'ok', dialect: dialect, latencyMs: 0 });
      const metrics = await get('/metrics');
      assert.equal(metrics.statusCode, 200);
      assert.match(metrics.body, /masthead_http_request_duration_seconds_count\{method="GET",route="\/stories\/:slug",status="200"\} \d+/);
      assert.match(metrics.body, /masthead_process_resident_memory_bytes/);
    });
  });
}
