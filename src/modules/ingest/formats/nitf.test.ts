import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireItemRefused, type WireItem } from '../wire-item.ts';
import { parsePayload } from './index.ts';
import { nitfBody, nitfDate, parseNitf } from './nitf.ts';

// Documents written for these tests in the shape NITF 3.x's specification gives (head with
// docdata, body with body.head, body.content and body.end).
const STORY = `<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="en-US">
  <head>
    <title>Ridge fire contained</title>
    <tobject tobject.type="news">
      <tobject.subject tobject.subject.refnum="06000000" tobject.subject.matter="Environment"/>
    </tobject>
    <docdata management-status="usable">
      <doc-id regsrc="KWIRE" id-string="kw-2026-1202-ridge-fire"/>
      <du-key version="2" key="ridge-fire"/>
      <urgency ed-urg="2"/>
      <date.issue norm="20261202T081500-0500"/>
      <evloc city="Kestrel Falls" state-prov="KV" country="Kestrel Valley"/>
      <doc.copyright year="2026" holder="Kestrel Wire"/>
      <key-list><keyword key="Wildfires"/><keyword key="Weather"/></key-list>
      <identified-content>
        <location>Ridge Trail</location>
        <person>Ada Brook</person>
        <classifier type="category" value="Weather"/>
      </identified-content>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Crews contain the ridge fire after a night of wind</hl1><hl2>Evacuation orders lifted for 300 homes</hl2></hedline>
      <byline>By <person>Mara Quist</person>, <byttl>Kestrel Wire</byttl></byline>
      <distributor>Kestrel Wire</distributor>
      <dateline><location><city>KESTREL FALLS</city></location> —</dateline>
      <abstract><p>Firefighters held the line on the east slope overnight.</p></abstract>
    </body.head>
    <body.content>
      <p>Crews held the fire to the ridge overnight, the fire chief said on <chron norm="20261202">Wednesday</chron>.</p>
      <media media-type="image">
        <media-reference source="https://img.example/ridge-640.jpg" mime-type="image/jpeg" width="640" height="427" alternate-text="Firefighters on a ridge at dawn"/>
        <media-reference source="https://img.example/ridge-3000.jpg" mime-type="image/jpeg" width="3000" height="2000"/>
        <media-caption>Firefighters watch the east slope at dawn on <chron>Wednesday</chron>.</media-caption>
        <media-producer>Ada Brook/Kestrel Wire</media-producer>
      </media>
      <hl2>What comes next</hl2>
      <block>
        <p>Residents may go home from noon, <org>Kestrel County</org> said.</p>
        <bq><p>“We were lucky with the wind,” Chief Ines Hart said.</p><credit>Ines Hart</credit></bq>
      </block>
    </body.content>
    <body.end><tagline>Mara Quist reports for Kestrel Wire.</tagline></body.end>
  </body>
</nitf>`;

function item(xml: string): WireItem {
  const parsed = parseNitf(xml);
  if (parsed instanceof WireItemRefused) throw parsed;
  return parsed;
}

const withDocdata = (docdata: string, extra = '') =>
  `<nitf><head><docdata ${docdata}>${extra}</docdata></head><body><body.head><hedline><hl1>Bridge closed</hl1></hedline></body.head><body.content><p>The bridge is shut.</p></body.content></body></nitf>`;

describe('NITF', () => {
  it('reads the head and body.head into a wire item', () => {
    const story = item(STORY);
    assert.equal(story.format, 'nitf');
    assert.equal(story.kind, 'text');
    assert.equal(story.guid, 'kw-2026-1202-ridge-fire');
    assert.equal(story.version, 2);
    assert.equal(story.versionCreated, '2026-12-02T13:15:00.000Z');
    assert.equal(story.pubStatus, 'usable');
    assert.equal(story.urgency, 2);
    assert.equal(story.headline, 'Crews contain the ridge fire after a night of wind');
    assert.equal(story.standfirst, 'Firefighters held the line on the east slope overnight.');
    assert.equal(story.byline, 'Mara Quist, Kestrel Wire');
    assert.equal(story.dateline, 'KESTREL FALLS');
    assert.equal(story.located, 'Kestrel Falls, KV, Kestrel Valley');
    assert.equal(story.rights, '© 2026 Kestrel Wire');
    assert.equal(story.language, 'en-US');
    assert.equal(story.embargoedUntil, null);
    assert.equal(story.correctionNote, null);
    assert.deepEqual(
      story.subjects.map((s) => s.name),
      ['Wildfires', 'Weather', 'Environment'],
      'keywords, classifiers and subjects, once each; people and places are not topics',
    );
  });

  it('rewrites body.content into HTML and takes its media as pictures', () => {
    const story = item(STORY);
    assert.match(story.bodyHtml, /^<p>Crews held the fire/);
    assert.match(story.bodyHtml, /<h3>What comes next<\/h3>/);
    assert.match(story.bodyHtml, /<blockquote><p>“We were lucky with the wind,” Chief Ines Hart said\.<\/p><cite>Ines Hart<\/cite><\/blockquote>/);
    assert.doesNotMatch(story.bodyHtml, /<media|<block\b|ridge-3000/);
    assert.deepEqual(story.pictures, [
      {
        href: 'https://img.example/ridge-3000.jpg',
        width: 3000,
        height: 2000,
        mime: 'image/jpeg',
        caption: 'Firefighters watch the east slope at dawn on Wednesday.',
        credit: 'Ada Brook/Kestrel Wire',
        altText: null,
        rights: null,
      },
    ]);
  });

  it('holds a story until date.release, and reads kills, withholds and corrections from docdata', () => {
    const embargoed = item(withDocdata('management-status="embargoed"', '<doc-id id-string="kw-bridge"/><date.issue norm="20261202T090000Z"/><date.release norm="20261203T060000Z"/>'));
    assert.equal(embargoed.embargoedUntil, '2026-12-03T06:00:00.000Z');
    assert.equal(embargoed.pubStatus, 'usable');
    assert.equal(item(withDocdata('management-status="canceled"', '<doc-id id-string="kw-bridge"/>')).pubStatus, 'canceled');
    assert.equal(item(withDocdata('', '<doc-id id-string="kw-bridge"/><ed-msg msg-type="kill" info="Legal: do not use."/>')).pubStatus, 'canceled');
    assert.equal(item(withDocdata('management-status="withheld"', '<doc-id id-string="kw-bridge"/>')).pubStatus, 'withheld');
    const corrected = item(withDocdata('', '<doc-id id-string="kw-bridge"/><correction info="Corrects the name of the bridge." id-string="kw-bridge"/>'));
    assert.equal(corrected.correctionNote, 'Corrects the name of the bridge.');
    assert.equal(item(withDocdata('', '<doc-id id-string="kw-bridge"/><ed-msg msg-type="correction"/>')).correctionNote, 'This story has been corrected.');
  });

  it('refuses a document with nothing to know it by', () => {
    const refused = parseNitf(withDocdata(''));
    assert.ok(refused instanceof WireItemRefused);
    assert.match(refused.reason, /doc-id/);
    assert.equal(item(withDocdata('', '<du-key key="bridge-closure" version="4"/>')).guid, 'bridge-closure');
  });

  it('reads NITF dates in the basic and extended forms', () => {
    assert.equal(nitfDate('20261202T101500Z'), '2026-12-02T10:15:00.000Z');
    assert.equal(nitfDate('20261202T1015+0100'), '2026-12-02T09:15:00.000Z');
    assert.equal(nitfDate('2026-12-02T10:15:00-05:00'), '2026-12-02T15:15:00.000Z');
    assert.equal(nitfDate('20261202'), '2026-12-02T00:00:00.000Z');
    assert.equal(nitfDate('not a date'), null);
  });

  it('keeps the text of a media element it cannot read and drops the element', () => {
    const body = nitfBody('<p>Before.</p><media media-type="video"><media-reference source="clip.mp4"/></media><p>After.</p><media><broken</media>');
    assert.equal(body.html, '<p>Before.</p><p>After.</p>');
    assert.deepEqual(body.pictures, []);
  });

  it('is detected by its root element, through the payload entry point', () => {
    const payload = parsePayload(Buffer.from(STORY));
    assert.equal(payload.format, 'nitf');
    assert.equal(payload.entries.length, 1);
    const refused = parsePayload(Buffer.from(withDocdata('')));
    assert.deepEqual(refused.entries.map((e) => ('refused' in e ? 'refused' : 'item')), ['refused']);
  });
});
