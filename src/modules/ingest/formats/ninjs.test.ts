import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { WireItemRefused } from '../wire-item.ts';
import { looksLikeNinjs, parseNinjs } from './ninjs.ts';

const CORPUS = path.resolve('../shared/corpora/ninjs');
const readJson = (rel: string): unknown => JSON.parse(fs.readFileSync(path.join(CORPUS, rel), 'utf8'));

describe('parseNinjs', () => {
  it('reads a ninjs 2.x text item with a picture association', () => {
    const item = parseNinjs(readJson('examples/2.1/tt_text_image_2.json'));
    assert.equal(item.guid, 'http://tt.se/media/text/210526-militarovning-a0f2d045');
    assert.equal(item.version, 1);
    assert.equal(item.versionCreated, '2021-05-26T11:40:18.000Z');
    assert.equal(item.headline, 'Militärövning i jätteformat hålls 2023');
    assert.match(item.bodyHtml, /<blockquote>Aurora 2023/);
    assert.equal(item.pictures.length, 1);
    assert.equal(item.pictures[0]?.credit, 'Karl Melander/TT');
    assert.equal(item.rights, '© TT', 'a rights line from copyrightholder when there is no notice');
    assert.equal(item.pictures[0]?.width, 4724, 'the largest rendition is chosen');
    assert.match(item.pictures[0]?.caption ?? '', /^En stor internationell/);
  });

  it('reads a ninjs 1.x composite with byline, place and an associations map', () => {
    const item = parseNinjs(readJson('examples/1.4/ninjsExComplex1.json'));
    assert.equal(item.headline, 'Captain of wrecked cruise ship on trial in Italy');
    assert.equal(item.byline, "Paulo Santalucia and Frances d'Emilio");
    assert.equal(item.located, 'Grossetto, Italy');
    assert.match(item.rights ?? '', /^Copyright 2013 The News Agency/);
    assert.equal(item.pictures[0]?.credit, 'Paulo Santalucia');
    assert.equal(item.pictures[0]?.width, 429);
  });

  it('reads ninjs 3.x camelCase keys', () => {
    const item = parseNinjs(readJson('documentation/includes/examples/3.1/005_complex_text_article.json'));
    assert.equal(item.versionCreated, '2013-07-09T10:37:00.000Z');
    assert.match(item.rights ?? '', /The News Agency/);
    assert.match(item.bodyHtml, /^<p>GROSSETO/);
  });

  it('maps pubstatus canceled (either spelling) and withheld', () => {
    const base = { uri: 'urn:x:1', type: 'text', headline: 'H' };
    assert.equal(parseNinjs({ ...base, pubstatus: 'canceled' }).pubStatus, 'canceled');
    assert.equal(parseNinjs({ ...base, pubStatus: 'cancelled' }).pubStatus, 'canceled');
    assert.equal(parseNinjs({ ...base, pubstatus: 'withheld' }).pubStatus, 'withheld');
  });

  it('parses any ninjs item tolerantly and refuses only what has no identity', () => {
    assert.throws(() => parseNinjs({ type: 'text', headline: 'x' }), (e: unknown) => e instanceof WireItemRefused && /uri/.test(e.reason));
    assert.throws(() => parseNinjs([1, 2]), /JSON object/);
    const video = parseNinjs({ uri: 'u', type: 'video', headline: 'x' });
    assert.equal(video.kind, 'video', 'the pipeline, not the parser, decides that a video is not a story');
    assert.equal(parseNinjs({ uri: 'u' }).headline, '');
    assert.equal(parseNinjs({ uri: 'u', title: 'A ninjs 3 title' }).headline, 'A ninjs 3 title');
  });

  it('recognises ninjs by content', () => {
    assert.equal(looksLikeNinjs({ uri: 'x', type: 'text' }), true);
    assert.equal(looksLikeNinjs({ version: 'https://jsonfeed.org/version/1.1', items: [] }), false);
    assert.equal(looksLikeNinjs({ $standard: { name: 'ninjs', version: '1.4' } }), true);
    assert.equal(looksLikeNinjs({ $schema: 'http://json-schema.org/draft-04/schema#' }), false);
  });
});
