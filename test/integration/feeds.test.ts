// The site's feeds on both engines, read by three parsers that share no code with the site or
// each other (rss-parser and @extractus/feed-extractor from npm, Debian's python3-feedparser):
// RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site, a topic and an author; only published
// stories; guids stable across an update; validators; autodiscovery on the pages they follow.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import Parser from 'rss-parser';
import { createStory, reviseStory, withdrawStory } from '../../src/modules/stories/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { feedparse, feedparserSkip } from '../helpers/feedparser.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const rssParser = new Parser({ customFields: { item: [['dc:creator', 'creators', { keepArray: true }], ['media:content', 'mediaContent', { keepArray: true }]] } });

for (const dialect of DIALECTS) {
  describe(`the site's feeds [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let topic: { slug: string; name: string };
    let author: { slug: string; name: string };
    const get = (url: string, headers: Record<string, string> = {}) => site.app.inject({ url, headers });

    before(async () => {
      site = await createTestSite(dialect, { demo: true });
      const db = site.web.db;
      // A topic and an author with published stories in the demo station.
      const row = await db
        .selectFrom('story_topics as st')
        .innerJoin('topics as t', 't.id', 'st.topic_id')
        .innerJoin('stories as s', 's.id', 'st.story_id')
        .select(['t.slug', 't.name'])
        .where('s.status', '=', 'published')
        .where('st.is_primary', '=', 1)
        .groupBy(['t.slug', 't.name'])
        .orderBy('t.slug')
        .executeTakeFirstOrThrow();
      topic = row;
      author = await db
        .selectFrom('story_authors as sa')
        .innerJoin('authors as a', 'a.id', 'sa.author_id')
        .innerJoin('stories as s', 's.id', 'sa.story_id')
        .select(['a.slug', 'a.name'])
        .where('s.status', '=', 'published')
        .orderBy('a.slug')
        .executeTakeFirstOrThrow();
    });
    after(() => site?.close());

    it('serves RSS 2.0 that three parsers read alike, with the whole story, byline and picture', async () => {
      const res = await get('/feed');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^application\/rss\+xml; charset=utf-8/);
      const published = await site.web.db.selectFrom('stories').select(['id', 'headline']).where('status', '=', 'published').orderBy('published_at', 'desc').orderBy('id', 'desc').execute();
      const feed = await rssParser.parseString(res.body);
      assert.equal(feed.title, 'Kestrel Valley 7');
      assert.equal(feed.items.length, Math.min(published.length, 30));
      assert.deepEqual(
        feed.items.map((i) => i.guid),
        published.slice(0, 30).map((s) => `urn:uuid:${s.id}`),
        'newest first, each guid the story’s id',
      );
      const pictured = feed.items.find((i) => (i as { mediaContent?: unknown[] }).mediaContent?.length);
      assert.ok(pictured, 'a story with a picture carries it as Media RSS');
      const media = (pictured as unknown as { mediaContent: { $: { url: string; medium: string } }[] }).mediaContent[0]!;
      assert.match(media.$.url, /^http:\/\/news\.test\/media\/r\/[0-9a-f]+-\d+\.jpg$/);
      const withByline = feed.items.find((i) => (i as { creators?: string[] }).creators?.length);
      assert.ok(withByline, 'dc:creator names the authors');
      for (const item of feed.items as { 'content:encoded'?: string }[]) {
        assert.match(item['content:encoded'] ?? '', /<p>/, 'content:encoded carries the body');
        assert.doesNotMatch(item['content:encoded'] ?? '', /(?:src|href|srcset)="\//, 'every address in the body is absolute');
      }
      const extracted = extractFromXml(res.body, { normalization: true, descriptionMaxLen: 0 });
      assert.deepEqual(
        extracted.entries?.map((e) => e.title),
        feed.items.map((i) => i.title),
      );
    });

    it('serves Atom 1.0 and JSON Feed 1.1 with the same stories', async () => {
      const rss = await rssParser.parseString((await get('/feed')).body);
      const atom = await get('/feed.atom');
      assert.match(String(atom.headers['content-type']), /^application\/atom\+xml/);
      const atomFeed = await rssParser.parseString(atom.body);
      assert.deepEqual(
        atomFeed.items.map((i) => (i as { id?: string }).id),
        rss.items.map((i) => i.guid),
      );
      const extractedAtom = extractFromXml(atom.body, { normalization: true });
      assert.deepEqual(
        extractedAtom.entries?.map((e) => e.link),
        rss.items.map((i) => i.link),
      );
      const json = await get('/feed.json');
      assert.match(String(json.headers['content-type']), /^application\/feed\+json/);
      const parsed = JSON.parse(json.body) as { version: string; items: { id: string; content_html: string; url: string }[] };
      assert.equal(parsed.version, 'https://jsonfeed.org/version/1.1');
      assert.deepEqual(
        parsed.items.map((i) => `urn:uuid:${i.id}`),
        rss.items.map((i) => i.guid),
      );
      const extractedJson = extractFromJson(parsed, { normalization: true });
      assert.deepEqual(
        extractedJson.entries?.map((e) => e.link),
        rss.items.map((i) => i.link),
      );
    });

    it('has a feed per topic and per author, only theirs, and 404 for one that does not exist', async () => {
      const topicFeed = await rssParser.parseString((await get(`/topics/${topic.slug}.rss`)).body);
      assert.ok(topicFeed.items.length > 0);
      assert.ok(topicFeed.items.every((i) => (i.categories ?? []).includes(topic.name)), `every story in ${topic.slug}.rss files under ${topic.name}`);
      const topicAtom = await rssParser.parseString((await get(`/topics/${topic.slug}.atom`)).body);
      assert.deepEqual(
        topicAtom.items.map((i) => (i as { id?: string }).id),
        topicFeed.items.map((i) => i.guid),
        'the Atom feed has the same stories',
      );
      const authorFeed = JSON.parse((await get(`/authors/${author.slug}.json`)).body) as { title: string; items: { authors: { name: string }[] }[] };
      assert.ok(authorFeed.items.length > 0);
      assert.ok(authorFeed.items.every((i) => i.authors.some((a) => a.name === author.name)));
      assert.equal((await get('/topics/no-such-topic.rss')).statusCode, 404);
      assert.equal((await get('/authors/no-such-person.atom')).statusCode, 404);
      assert.equal((await get('/rss')).headers.location, '/feed');
    });

    it('keeps held and withdrawn stories out, and an updated story under the same guid', async () => {
      const held = await createStory(site.web.db, { headline: 'Held from the wire: mill closure rumours', bodyHtml: '<p>Not for readers yet.</p>', authors: [], topics: [], publishedAt: new Date().toISOString(), status: 'held' });
      const live = await createStory(site.web.db, { headline: 'Library extends its winter hours', bodyHtml: '<p>Open until nine.</p>', authors: [], topics: [], publishedAt: new Date().toISOString() });
      const gone = await createStory(site.web.db, { headline: 'Story the desk withdrew', bodyHtml: '<p>Wrong.</p>', authors: [], topics: [], publishedAt: new Date().toISOString() });
      await withdrawStory(site.web.db, gone.id, { reason: 'Published in error.' });
      const first = await rssParser.parseString((await get('/feed')).body);
      assert.ok(first.items.some((i) => i.guid === `urn:uuid:${live.id}`));
      assert.ok(!first.items.some((i) => i.guid === `urn:uuid:${held.id}` || i.guid === `urn:uuid:${gone.id}`), 'held and withdrawn stories never appear');
      await reviseStory(site.web.db, live.id, { headline: 'Library extends its winter hours to ten', bodyHtml: '<p>Open until ten.</p>', authors: [], topics: [], publishedAt: new Date().toISOString() }, new Date().toISOString());
      const second = await rssParser.parseString((await get('/feed')).body);
      const updated = second.items.filter((i) => i.guid === `urn:uuid:${live.id}`);
      assert.deepEqual(
        updated.map((i) => i.title),
        ['Library extends its winter hours to ten'],
        'the update is the same item, once',
      );
    });

    it('answers a poll that finds nothing new with 304', async () => {
      const first = await get('/feed.atom');
      const etag = String(first.headers.etag);
      assert.ok(etag);
      assert.equal((await get('/feed.atom', { 'if-none-match': etag })).statusCode, 304);
      assert.ok(first.headers['last-modified'], 'and says when it last changed');
      // Feed readers ask for gzip: the same document, compressed once per change, its own ETag.
      const zipped = await get('/feed.atom', { 'accept-encoding': 'gzip, deflate' });
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.equal(zipped.headers.vary, 'accept-encoding');
      assert.equal(gunzipSync(zipped.rawPayload).toString(), first.body);
      assert.ok(zipped.rawPayload.length < first.rawPayload.length / 2, `compressed ${zipped.rawPayload.length} of ${first.rawPayload.length} bytes`);
      assert.notEqual(zipped.headers.etag, etag);
      assert.equal((await get('/feed.atom', { 'accept-encoding': 'gzip', 'if-none-match': String(zipped.headers.etag) })).statusCode, 304);
      assert.equal(first.headers.vary, 'accept-encoding', 'caches keep the two apart');
    });

    it('is announced on the pages it follows', async () => {
      const home = (await get('/')).body;
      assert.match(home, /<link rel="alternate" type="application\/rss\+xml" title="Kestrel Valley 7 \(RSS\)" href="\/feed"\/>/);
      assert.match(home, /<link rel="alternate" type="application\/feed\+json" title="Kestrel Valley 7 \(JSON Feed\)" href="\/feed\.json"\/>/);
      const topicPage = (await get(`/topics/${topic.slug}`)).body;
      assert.match(topicPage, new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="[^"]+ \\(Atom\\)" href="/topics/${topic.slug}\\.atom"/>`));
      assert.match((await get(`/authors/${author.slug}`)).body, new RegExp(`href="/authors/${author.slug}\\.rss"`));
    });

    it('reads alike in python3-feedparser', { skip: feedparserSkip }, async () => {
      const documents = await Promise.all(['/feed', '/feed.atom', `/topics/${topic.slug}.rss`].map(async (url) => (await get(url)).body));
      const rss = await rssParser.parseString(documents[0]!);
      const [fromRss, fromAtom, fromTopic] = feedparse(documents);
      for (const parsed of [fromRss!, fromAtom!, fromTopic!]) assert.equal(parsed.bozo, false, `well-formed: ${parsed.bozoMessage}`);
      assert.equal(fromRss!.version, 'rss20');
      assert.equal(fromAtom!.version, 'atom10');
      assert.deepEqual(
        fromRss!.entries.map((e) => e.id),
        rss.items.map((i) => i.guid),
      );
      assert.deepEqual(
        fromAtom!.entries.map((e) => e.link),
        rss.items.map((i) => i.link),
      );
      assert.ok(fromRss!.entries.every((e) => e.content.includes('<p>')));
      assert.ok(fromTopic!.entries.length > 0);
    });
  });
}
