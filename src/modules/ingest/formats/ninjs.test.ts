import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireItemRefused } from '../wire-item.ts';
import { looksLikeNinjs, parseNinjs } from './ninjs.ts';

// Items written for these tests in the shapes the three ninjs generations use; the public
// examples themselves are read by test/conformance/ninjs-corpus.test.ts.
const NINJS_2 = {
  uri: 'urn:kestrel:text:ridge-fire-2',
  type: 'text',
  version: '1',
  urgency: 2,
  versioncreated: '2026-11-12T08:15:00+01:00',
  headlines: [{ role: 'main', value: 'Volunteers clear the ridge trail after the fire' }],
  bodies: [{ contenttype: 'text/html', value: '<p>Forty volunteers walked the ridge on Saturday.</p><blockquote>We will be back next week.</blockquote>' }],
  copyrightholder: 'Kestrel Wire',
  associations: [
    {
      type: 'picture',
      byline: 'Ada Brook/Kestrel Wire',
      descriptions: [{ role: 'caption', value: 'Volunteers carry tools up the ridge trail.' }],
      renditions: [
        { href: 'https://img.example/ridge-320.jpg', width: 320, height: 213, contenttype: 'image/jpeg' },
        { href: 'https://img.example/ridge-4000.jpg', width: 4000, height: 2667, contenttype: 'image/jpeg' },
        { href: 'https://img.example/ridge.mp4', width: 8000, contenttype: 'video/mp4' },
      ],
    },
  ],
};

const NINJS_1 = {
  uri: 'urn:kestrel:text:ferry-trial',
  type: 'composite',
  headline: 'Ferry captain goes on trial over the harbour collision',
  byline: 'Mara Quist and Tomas Vell',
  located: 'Port Alder, Kestrel Valley',
  copyrightnotice: 'Copyright 2026 Kestrel Wire. All rights reserved.',
  body_html: '<p>PORT ALDER — The trial opened on Monday.</p>',
  associations: {
    featureimage: { type: 'picture', byline: 'Ines Hart', renditions: { preview: { href: 'https://img.example/ferry.jpg', width: 429, height: 300 } } },
  },
};

const NINJS_3 = {
  uri: 'urn:kestrel:text:council-budget',
  type: 'text',
  versionCreated: '2026-11-15T17:20:00Z',
  headlines: [{ role: 'main', value: 'Council passes the winter budget' }],
  bodies: [{ contentType: 'text/html', value: '<p>KESTREL FALLS — The council voted 5–2.</p>' }],
  copyrightNotice: '© 2026 Kestrel Valley 7',
};

// The shape a newsroom system's ninjs output takes: guid (no uri), a string version,
// "composite", pubstatus, embargoed, body_html, numbered picture associations with renditions,
// place, subject codes, description_text, copyrightnotice, byline, language and vendor fields.
const PRODUCER_NINJS = {
  guid: 'kv7-desk-2026-11-30-0042',
  version: '3',
  type: 'composite',
  pubstatus: 'usable',
  embargoed: '2026-12-01T06:00:00+00:00',
  language: 'en',
  headline: 'Snow closes the pass road overnight',
  description_text: 'Crews expect to reopen it by noon.',
  byline: 'Jo Lind',
  copyrightnotice: '© 2026 Kestrel Valley Wire',
  place: [{ name: 'Alder Pass', code: 'kv-alder-pass' }],
  subject: [
    { name: 'Weather', code: 'medtop:17000000', scheme: 'http://cv.iptc.org/newscodes/mediatopic/' },
    { name: 'Transport', code: 'medtop:20000390' },
  ],
  body_html: '<p>The pass road closed at 10 p.m. as snow drifted across it.</p>',
  associations: {
    featuremedia: {
      type: 'picture',
      description_text: 'A plough at the top of the pass.',
      byline: 'Ola Fenn/Kestrel Valley Wire',
      renditions: { original: { href: 'https://img.example/pass-2000.jpg', width: 2000, height: 1333, mimetype: 'image/jpeg' }, thumbnail: { href: 'https://img.example/pass-200.jpg', width: 200, height: 133, mimetype: 'image/jpeg' } },
    },
    picture_1: { type: 'picture', description_text: 'The closure sign at the foot of the road.', byline: 'Ola Fenn/Kestrel Valley Wire', renditions: { original: { href: 'https://img.example/pass-sign.jpg', width: 1600, height: 1067 } } },
  },
  extra: { desk_priority: 2, internal_slug: 'PASS-SNOW' },
  'x-vendor-workflow': 'published',
};

describe('parseNinjs', () => {
  it('reads a ninjs 2.x text item with a picture association', () => {
    const item = parseNinjs(NINJS_2);
    assert.equal(item.guid, 'urn:kestrel:text:ridge-fire-2');
    assert.equal(item.version, 1, 'a version given as a string is a number');
    assert.equal(item.versionCreated, '2026-11-12T07:15:00.000Z');
    assert.equal(item.headline, 'Volunteers clear the ridge trail after the fire');
    assert.match(item.bodyHtml, /<blockquote>We will be back/);
    assert.equal(item.pictures.length, 1);
    assert.equal(item.pictures[0]?.credit, 'Ada Brook/Kestrel Wire');
    assert.equal(item.rights, '© Kestrel Wire', 'a rights line from copyrightholder when there is no notice');
    assert.equal(item.pictures[0]?.width, 4000, 'the largest picture rendition is chosen, never a video');
    assert.equal(item.pictures[0]?.caption, 'Volunteers carry tools up the ridge trail.');
    assert.equal(item.urgency, 2);
    assert.equal(parseNinjs({ ...NINJS_2, urgency: 12 }).urgency, null, 'outside 1 to 9 is no urgency');
    assert.equal(parseNinjs({ ...NINJS_2, urgency: '4' }).urgency, 4);
  });

  it('reads a ninjs 1.x composite with byline, place and an associations map', () => {
    const item = parseNinjs(NINJS_1);
    assert.equal(item.headline, 'Ferry captain goes on trial over the harbour collision');
    assert.equal(item.byline, 'Mara Quist and Tomas Vell');
    assert.equal(item.located, 'Port Alder, Kestrel Valley');
    assert.match(item.rights ?? '', /^Copyright 2026 Kestrel Wire/);
    assert.equal(item.pictures[0]?.credit, 'Ines Hart');
    assert.equal(item.pictures[0]?.width, 429);
  });

  it('reads ninjs 3.x camelCase keys', () => {
    const item = parseNinjs(NINJS_3);
    assert.equal(item.versionCreated, '2026-11-15T17:20:00.000Z');
    assert.equal(item.rights, '© 2026 Kestrel Valley 7');
    assert.match(item.bodyHtml, /^<p>KESTREL FALLS/);
  });

  it('maps pubstatus canceled (either spelling) and withheld', () => {
    const base = { uri: 'urn:x:1', type: 'text', headline: 'H' };
    assert.equal(parseNinjs({ ...base, pubstatus: 'canceled' }).pubStatus, 'canceled');
    assert.equal(parseNinjs({ ...base, pubStatus: 'cancelled' }).pubStatus, 'canceled');
    assert.equal(parseNinjs({ ...base, pubstatus: 'withheld' }).pubStatus, 'withheld');
  });

  it('parses any ninjs item tolerantly and refuses only what has no identity', () => {
    assert.throws(() => parseNinjs({ type: 'text', headline: 'x' }), (e: unknown) => e instanceof WireItemRefused && /no identifier \("uri", "guid" or "id"\)/.test(e.reason));
    assert.throws(() => parseNinjs([1, 2]), /JSON object/);
    const video = parseNinjs({ uri: 'u', type: 'video', headline: 'x' });
    assert.equal(video.kind, 'video', 'the pipeline, not the parser, decides that a video is not a story');
    assert.equal(parseNinjs({ uri: 'u' }).headline, '');
    assert.equal(parseNinjs({ uri: 'u', title: 'A ninjs 3 title' }).headline, 'A ninjs 3 title');
  });

  it('reads ninjs as newsroom systems emit it: guid for uri, a string version, place, codes and vendor fields', () => {
    const item = parseNinjs(PRODUCER_NINJS);
    assert.equal(item.guid, 'kv7-desk-2026-11-30-0042');
    assert.equal(item.version, 3);
    assert.equal(item.kind, 'composite');
    assert.equal(item.pubStatus, 'usable');
    assert.equal(item.headline, 'Snow closes the pass road overnight');
    assert.equal(item.standfirst, 'Crews expect to reopen it by noon.');
    assert.equal(item.located, 'Alder Pass');
    assert.equal(item.byline, 'Jo Lind');
    assert.equal(item.language, 'en');
    assert.equal(item.rights, '© 2026 Kestrel Valley Wire');
    assert.equal(item.embargoedUntil, '2026-12-01T06:00:00.000Z');
    assert.deepEqual(item.subjects, [{ name: 'Weather', code: 'medtop:17000000' }, { name: 'Transport', code: 'medtop:20000390' }]);
    assert.deepEqual(item.pictures.map((p) => [p.href, p.caption, p.credit]), [
      ['https://img.example/pass-2000.jpg', 'A plough at the top of the pass.', 'Ola Fenn/Kestrel Valley Wire'],
      ['https://img.example/pass-sign.jpg', 'The closure sign at the foot of the road.', 'Ola Fenn/Kestrel Valley Wire'],
    ]);
    assert.equal(looksLikeNinjs(PRODUCER_NINJS), true, 'no uri, yet ninjs');
  });

  it('recognises ninjs by content', () => {
    assert.equal(looksLikeNinjs({ guid: 'g-1', headline: 'A plain item' }), true);
    assert.equal(looksLikeNinjs({ headline: 'No identifier at all' }), true, 'ninjs, refused by the parser with its reason');
    assert.equal(looksLikeNinjs({ name: 'a package.json', version: '1.0.0' }), false);
    assert.equal(looksLikeNinjs({ uri: 'x', type: 'text' }), true);
    assert.equal(looksLikeNinjs({ version: 'https://jsonfeed.org/version/1.1', items: [] }), false);
    assert.equal(looksLikeNinjs({ $standard: { name: 'ninjs', version: '1.4' } }), true);
    assert.equal(looksLikeNinjs({ $schema: 'http://json-schema.org/draft-04/schema#' }), false);
  });
});
