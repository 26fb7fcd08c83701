import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePayload, PayloadRefused } from './index.ts';

const parse = (text: string) => parsePayload(Buffer.from(text));
const item = (text: string, index = 0) => {
  const entry = parse(text).entries[index];
  assert.ok(entry && 'item' in entry, JSON.stringify(entry));
  return entry.item;
};

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley Wire</title><copyright>© 2026 Valley Wire</copyright><language>en-us</language>
<item>
  <title>Ferry &amp; bus fares frozen for winter</title>
  <link>https://wire.example/ferry-fares</link>
  <guid isPermaLink="false">vw-1001</guid>
  <pubDate>Tue, 24 Nov 2026 15:30:00 GMT</pubDate>
  <dc:creator>Ana Ruiz</dc:creator>
  <category>Transport</category><category>Local</category>
  <description>Fares stay the same until March.</description>
  <content:encoded><![CDATA[<p>Fares stay the same until March, the authority said.</p><p>“We heard riders,” a spokesperson said.</p>]]></content:encoded>
  <media:content url="https://img.example/ferry-460.jpg" medium="image" width="460"/>
  <media:content url="https://img.example/ferry-1200.jpg" medium="image" width="1200">
    <media:description>The morning ferry leaves the north pier.</media:description>
    <media:credit role="photographer">Lee Park/Valley Wire</media:credit>
  </media:content>
</item>
<item><title>Second item</title><description>Plain words only.</description></item>
<item><link>https://wire.example/empty</link></item>
</channel></rss>`;

describe('RSS 2.0', () => {
  it('reads titles, ids, dates, bylines, categories, bodies and the widest Media RSS picture', () => {
    const parsed = parse(RSS);
    assert.equal(parsed.format, 'rss');
    const first = item(RSS);
    assert.equal(first.headline, 'Ferry & bus fares frozen for winter');
    assert.equal(first.guid, 'vw-1001');
    assert.equal(first.originUrl, 'https://wire.example/ferry-fares');
    assert.equal(first.firstCreated, '2026-11-24T15:30:00.000Z');
    assert.equal(first.byline, 'Ana Ruiz');
    assert.deepEqual(first.subjects.map((s) => s.name), ['Transport', 'Local']);
    assert.equal(first.standfirst, 'Fares stay the same until March.');
    assert.match(first.bodyHtml, /^<p>Fares stay the same until March, the authority said\.<\/p>/);
    assert.equal(first.rights, '© 2026 Valley Wire');
    assert.deepEqual(first.pictures, [
      {
        href: 'https://img.example/ferry-1200.jpg',
        width: 1200,
        height: null,
        mime: null,
        caption: 'The morning ferry leaves the north pier.',
        credit: 'Lee Park/Valley Wire',
        altText: null,
        rights: null,
      },
    ]);
    assert.ok(first.version && first.version > 0, 'the publication time orders versions');
  });

  it('gives an item without a guid an id from its content, and refuses an empty item', () => {
    const parsed = parse(RSS);
    const second = item(RSS, 1);
    assert.match(second.guid, /^sha256:[0-9a-f]{32}$/);
    assert.equal(second.guid, item(RSS, 1).guid, 'the same item gets the same id every time');
    assert.equal(second.bodyHtml, '<p>Plain words only.</p>');
    assert.deepEqual(parsed.entries[2], { refused: 'the item has neither a title nor any text', guid: null });
  });
});

describe('Atom 1.0 and RSS 1.0', () => {
  it('reads an Atom entry with its updated time as the version', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><rights>© Atom Wire</rights>
      <entry><id>urn:aw:7</id><title type="html">Storm &lt;b&gt;warning&lt;/b&gt;</title>
      <link rel="alternate" href="https://atom.example/7"/><link rel="enclosure" href="https://atom.example/7.mp3"/>
      <published>2026-11-20T08:00:00Z</published><updated>2026-11-21T09:30:00Z</updated>
      <author><name>Sam Whitfield</name></author><author><name>Mei Chen</name></author>
      <category term="weather" label="Weather"/>
      <summary>Short.</summary><content type="html">&lt;p&gt;Long text.&lt;/p&gt;</content></entry></feed>`;
    const entry = item(atom);
    assert.equal(parse(atom).format, 'atom');
    assert.equal(entry.guid, 'urn:aw:7');
    assert.equal(entry.headline, 'Storm warning');
    assert.equal(entry.originUrl, 'https://atom.example/7');
    assert.equal(entry.firstCreated, '2026-11-20T08:00:00.000Z');
    assert.equal(entry.versionCreated, '2026-11-21T09:30:00.000Z');
    assert.equal(entry.byline, 'Sam Whitfield, Mei Chen');
    assert.deepEqual(entry.subjects, [{ name: 'Weather', code: 'weather' }]);
    assert.equal(entry.bodyHtml, '<p>Long text.</p>');
    assert.equal(entry.standfirst, 'Short.');
    assert.equal(entry.rights, '© Atom Wire');
    const later = item(atom.replace('2026-11-21T09:30:00Z', '2026-11-22T09:30:00Z'));
    assert.ok((later.version ?? 0) > (entry.version ?? 0), 'a later update is a newer version');
  });

  it('reads RSS 1.0 (RDF) items', () => {
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://rdf.example/"><title>t</title></channel>
      <item rdf:about="https://rdf.example/a"><title>Library hours</title><link>https://rdf.example/a</link>
      <description>Open Sundays.</description><dc:creator>Noor Haddad</dc:creator><dc:date>2026-11-19T15:10:00Z</dc:date><dc:subject>Community</dc:subject></item></rdf:RDF>`;
    const entry = item(rdf);
    assert.equal(parse(rdf).format, 'rss1');
    assert.equal(entry.guid, 'https://rdf.example/a');
    assert.equal(entry.byline, 'Noor Haddad');
    assert.deepEqual(entry.subjects.map((s) => s.name), ['Community']);
    assert.equal(entry.firstCreated, '2026-11-19T15:10:00.000Z');
  });
});

describe('JSON Feed', () => {
  it('reads JSON Feed 1.1 items and refuses items without an id', () => {
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Valley JSON',
      items: [
        { id: 'j-1', title: 'Bridge opens', content_html: '<p>Cars are back.</p>', summary: 'It opened.', url: 'https://json.example/1', date_published: '2026-11-25T10:00:00Z', authors: [{ name: 'Dana Ortiz' }], tags: ['Local News'], image: 'https://json.example/1.jpg' },
        { title: 'No id here', content_text: 'x' },
      ],
    };
    const parsed = parse(JSON.stringify(feed));
    assert.equal(parsed.format, 'jsonfeed');
    const first = parsed.entries[0];
    assert.ok(first && 'item' in first);
    assert.equal(first.item.guid, 'j-1');
    assert.equal(first.item.byline, 'Dana Ortiz');
    assert.equal(first.item.standfirst, 'It opened.');
    assert.deepEqual(first.item.subjects, [{ name: 'Local News', code: null }]);
    assert.equal(first.item.pictures[0]?.href, 'https://json.example/1.jpg');
    assert.deepEqual(parsed.entries[1], { refused: 'JSON Feed item has no "id"', guid: null });
  });
});

describe('hostile and odd XML', () => {
  it('refuses a billion-laughs document quickly, with a reason', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><rss><channel><item><title>&lol9;</title></item></channel></rss>`;
    const started = performance.now();
    assert.throws(() => parse(lol), (e: unknown) => e instanceof PayloadRefused && /DTDs are not accepted/.test(e.reason));
    assert.ok(performance.now() - started < 1000);
  });

  it('refuses external entities', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><title>&x;</title></item></channel></rss>`;
    assert.throws(() => parse(xxe), /DTDs are not accepted/);
  });

  it('accepts a DOCTYPE without declarations, HTML entities and leading blank lines', () => {
    const doc = `\n\n<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><item><title>Caf&eacute; reopens&nbsp;today</title><link>https://x.example/c</link></item></channel></rss>`;
    assert.equal(item(doc).headline, 'Café reopens today');
  });

  it('reads UTF-16 and declared single-byte encodings', () => {
    const xml = '<?xml version="1.0" encoding="utf-16"?><rss><channel><item><title>Žluťoučký kůň</title><guid>u16</guid></item></channel></rss>';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const entry = parsePayload(utf16).entries[0];
    assert.ok(entry && 'item' in entry);
    assert.equal(entry.item.headline, 'Žluťoučký kůň');
    const latin1 = Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><rss><channel><item><title>Caf\xe9</title><guid>l1</guid></item></channel></rss>', 'latin1');
    const l1 = parsePayload(latin1).entries[0];
    assert.ok(l1 && 'item' in l1);
    assert.equal(l1.item.headline, 'Café');
    const undeclared = Buffer.from('<rss><channel><item><title>Not\xedcias de S\xe3o Paulo</title><guid>w1</guid></item></channel></rss>', 'latin1');
    const w1 = parsePayload(undeclared).entries[0];
    assert.ok(w1 && 'item' in w1);
    assert.equal(w1.item.headline, 'Notícias de São Paulo', 'bytes that are not UTF-8 are read as Windows-1252');
  });

  it('refuses what is not a feed, with a reason', () => {
    assert.throws(() => parse('<rss><channel><item><title>x</title></channel></rss>'), /not well-formed XML/);
    assert.deepEqual(parse('<!doctype html><html><body>Moved</body></html>').entries, [{ refused: 'the page names no canonical URL, and has no headline and text to identify it by', guid: null }]);
    assert.throws(() => parse('<catalog><book/></catalog>'), /root <catalog> is not a known wire or feed format/);
  });
});

// Security review #10.14: the entity cap counted references to the built-in entities, so an
// ordinary large feed was refused whole.
describe('entities in large feeds', () => {
  it('reads a 1,500-item feed full of &amp; and &#8217; whole, and still refuses declared entities', () => {
    const items = Array.from({ length: 1500 }, (_, i) => `<item><guid>big-${i}</guid><title>Roads &amp; bridges: the county&#8217;s plan, part ${i}</title><description>Crews &amp; trucks &#8212; &lt;b&gt;notes&lt;/b&gt; &eacute;t&eacute; ${i}.</description><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`).join('');
    const parsed = parse(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big feed</title>${items}</channel></rss>`);
    assert.equal(parsed.entries.length, 1500);
    const first = parsed.entries[0];
    assert.ok(first && 'item' in first);
    assert.equal(first.item.headline, 'Roads & bridges: the county\u2019s plan, part 0');
    assert.throws(
      () => parse('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">]><rss><channel><title>&lol;</title></channel></rss>'),
      /declares entities/,
    );
  });
});
