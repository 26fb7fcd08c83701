import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePayload } from './index.ts';

const paragraphs = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i + 1} of the council report: the committee met for three hours and heard from residents about the bridge, the budget and the winter road plan.</p>`).join('\n');

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Council report | Valley Gazette</title>
<link rel="canonical" href="https://gazette.example/2026/11/council-report">
<meta property="og:title" content="Council hears residents on the bridge">
<meta property="og:image" content="https://gazette.example/img/council.jpg">
<meta property="og:image:width" content="1200"><meta property="og:image:height" content="675">
<meta property="og:image:alt" content="Residents fill the council chamber.">
<meta property="article:published_time" content="2026-11-26T18:00:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Valley Gazette"},
 {"@type":"NewsArticle","headline":"Council hears residents on the bridge","datePublished":"2026-11-26T18:00:00Z","dateModified":"2026-11-27T08:00:00Z",
  "author":[{"@type":"Person","name":"Dana Ortiz"},{"@type":"Person","name":"Lee Park"}],"articleSection":"Local News","description":"Three hours of public comment."}]}</script>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council hears residents on the bridge</h1>${paragraphs}<script>alert(1)</script></article>
<footer>© Valley Gazette</footer></body></html>`;

describe('HTML article pages', () => {
  it('reads the text with Readability and the metadata from JSON-LD and OpenGraph', () => {
    const parsed = parsePayload(Buffer.from(PAGE));
    assert.equal(parsed.format, 'html');
    const entry = parsed.entries[0];
    assert.ok(entry && 'item' in entry, JSON.stringify(entry));
    const item = entry.item;
    assert.equal(item.guid, 'https://gazette.example/2026/11/council-report');
    assert.equal(item.originUrl, 'https://gazette.example/2026/11/council-report');
    assert.equal(item.headline, 'Council hears residents on the bridge');
    assert.equal(item.byline, 'Dana Ortiz, Lee Park');
    assert.equal(item.firstCreated, '2026-11-26T18:00:00.000Z');
    assert.equal(item.versionCreated, '2026-11-27T08:00:00.000Z');
    assert.equal(item.standfirst, 'Three hours of public comment.');
    assert.deepEqual(item.subjects, [{ name: 'Local News', code: null }]);
    assert.match(item.bodyHtml, /Paragraph 1 of the council report/);
    assert.match(item.bodyHtml, /Paragraph 6 of the council report/);
    assert.doesNotMatch(item.bodyHtml, /Home<\/a>|Valley Gazette<\/footer>/);
    assert.deepEqual(item.pictures[0], { href: 'https://gazette.example/img/council.jpg', width: 1200, height: 675, mime: null, caption: null, credit: null, altText: 'Residents fill the council chamber.', rights: null });
  });

  it('reads an XHTML page (an XML declaration before its doctype) as an article page', () => {
    const xhtml = `<?xml version="1.0" encoding="UTF-8"?>
<!-- served as application/xhtml+xml -->
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
${PAGE.replace('<!doctype html>\n', '').replace('<html lang="en">', '<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">').replace('<meta charset="utf-8">', '<meta charset="utf-8" />')}`;
    const parsed = parsePayload(Buffer.from(xhtml));
    assert.equal(parsed.format, 'html');
    const entry = parsed.entries[0];
    assert.ok(entry && 'item' in entry, JSON.stringify(entry));
    assert.equal(entry.item.headline, 'Council hears residents on the bridge');
    assert.match(entry.item.bodyHtml, /Paragraph 6 of the council report/);
    // An XML document that is not XHTML is still XML.
    assert.throws(() => parsePayload(Buffer.from('<?xml version="1.0"?><catalog><book/></catalog>')), /XML with root <catalog>/);
  });

  it('identifies a page without a canonical link by the URL it was fetched from, or refuses it', () => {
    const bare = PAGE.replace(/<link rel="canonical"[^>]*>/, '');
    const fromUrl = parsePayload(Buffer.from(bare), 'https://gazette.example/fetched');
    const entry = fromUrl.entries[0];
    assert.ok(entry && 'item' in entry);
    assert.equal(entry.item.guid, 'https://gazette.example/fetched');
    // From a file, with no address: known by a hash of its text, and the item says so.
    const fromFile = parsePayload(Buffer.from(bare)).entries[0];
    assert.ok(fromFile && 'item' in fromFile);
    assert.match(fromFile.item.guid, /^html-sha256:[0-9a-f]{32}$/);
    assert.equal(fromFile.item.originUrl, null);
    assert.match(fromFile.item.warnings?.[0] ?? '', /no canonical URL: it is identified by its source and a hash of its text/);
    const again = parsePayload(Buffer.from(bare)).entries[0];
    assert.equal(again && 'item' in again ? again.item.guid : null, fromFile.item.guid, 'the same page is the same item');
  });
});
