import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePayload } from './index.ts';

const items = (bytes: Buffer | string) =>
  parsePayload(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)).entries.map((e) => {
    assert.ok('item' in e, JSON.stringify(e));
    return e.item;
  });

const MESSAGE = `<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
  <packageItem guid="urn:kv:pkg:1" version="2" standard="NewsML-G2">
    <itemMeta><itemClass qcode="ninat:composite"/><versionCreated>2026-11-20T10:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
    <groupSet root="G1"><group id="G1"><itemRef residref="urn:kv:text:1"/><itemRef residref="urn:kv:pic:1"/></group></groupSet>
  </packageItem>
  <newsItem guid="urn:kv:text:1" version="1">
    <rightsInfo><copyrightNotice>© 2026 Lakeside Agency</copyrightNotice></rightsInfo>
    <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-11-20T09:55:00Z</versionCreated><firstCreated>2026-11-20T09:00:00Z</firstCreated>
      <signal qcode="sig:correction"/><edNote role="ednote:correction">Corrects the name of the harbour master.</edNote></itemMeta>
    <contentMeta><located><name>Port Alder</name></located><creator><name>Ana Ruiz</name></creator>
      <subject type="cpnat:abstract" qcode="medtop:06000000"><name>Environment</name></subject>
      <subject type="cpnat:geoArea" qcode="geo:1"><name>Port Alder</name></subject>
      <headline>Harbour reopens after the storm</headline><dateline>Port Alder (LA) - </dateline>
      <description role="drol:summary">Boats are back.</description></contentMeta>
    <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head>
      <body><header><h1>Harbour reopens</h1></header><section><p><span class="dateline">Port Alder <span class="credit">(LA)</span> - </span>The harbour reopened on Friday.</p><p>“It took a week,” she said.</p></section></body></html></inlineXML></contentSet>
  </newsItem>
  <newsItem guid="urn:kv:pic:1" version="1">
    <itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
    <contentMeta><headline>Harbour</headline><creditline>Lina Okafor/LA</creditline><description role="drol:caption">Boats leave the harbour on Friday.</description></contentMeta>
    <contentSet><remoteContent href="https://img.example/h-640.jpg" width="640" height="360" contenttype="image/jpeg"/><remoteContent href="https://img.example/h-2048.jpg" width="2048" height="1152" contenttype="image/jpeg"/></contentSet>
  </newsItem>
  <newsItem guid="urn:kv:text:2"><itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:canceled"/></itemMeta><contentMeta><headline>Killed story</headline></contentMeta></newsItem>
</itemSet></newsMessage>`;

const EMBARGOED = `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:kv:text:schools" version="11" standard="NewsML-G2">
  <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-11-20T22:00:00Z</versionCreated><embargoed>2026-11-21T07:00:00+01:00</embargoed></itemMeta>
  <contentMeta><urgency>3</urgency><located><name>Kestrel Falls</name></located><headline>Valley schools open late on Monday</headline></contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Buses run two hours late.</p></body></html></inlineXML></contentSet>
</newsItem>`;

describe('NewsML-G2', () => {
  it('resolves a package within its message: text body, picture, correction, dateline', () => {
    const [pkg, killed, ...rest] = items(MESSAGE);
    assert.equal(rest.length, 0, 'items a package uses are not published again');
    assert.ok(pkg && killed);
    assert.equal(pkg.format, 'newsml-g2');
    assert.equal(pkg.kind, 'composite');
    assert.equal(pkg.guid, 'urn:kv:pkg:1');
    assert.equal(pkg.version, 2);
    assert.equal(pkg.headline, 'Harbour reopens after the storm');
    assert.equal(pkg.standfirst, 'Boats are back.');
    assert.equal(pkg.dateline, 'Port Alder (LA)');
    assert.equal(pkg.byline, 'Ana Ruiz');
    assert.deepEqual(pkg.subjects, [{ name: 'Environment', code: 'medtop:06000000' }]);
    assert.equal(pkg.rights, '© 2026 Lakeside Agency');
    assert.match(pkg.bodyHtml, /^<section><p>The harbour reopened on Friday\.<\/p>/);
    assert.doesNotMatch(pkg.bodyHtml, /<h1>|dateline/);
    assert.deepEqual(pkg.pictures, [
      { href: 'https://img.example/h-2048.jpg', width: 2048, height: 1152, mime: 'image/jpeg', caption: 'Boats leave the harbour on Friday.', credit: 'Lina Okafor/LA', altText: null, rights: null },
    ]);
    assert.equal(killed.pubStatus, 'canceled');
  });

  it('reads a text item with embargo, correction signal and notes', () => {
    const [corrected] = items(MESSAGE.replace(/<packageItem[\s\S]*<\/packageItem>/, ''));
    assert.equal(corrected?.correctionNote, 'Corrects the name of the harbour master.');
    assert.equal(corrected?.firstCreated, '2026-11-20T09:00:00.000Z');
    const [embargoed] = items(EMBARGOED);
    assert.equal(embargoed?.embargoedUntil, '2026-11-21T06:00:00.000Z');
    assert.equal(embargoed?.version, 11);
    assert.equal(embargoed?.headline, 'Valley schools open late on Monday');
    assert.equal(embargoed?.located, 'Kestrel Falls');
    assert.equal(embargoed?.urgency, 3);
    assert.equal(corrected?.urgency, null, 'no urgency element: none');
  });

});
