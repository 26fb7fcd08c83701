// IPTC ninjs 1.x, 2.x and 3.x (../shared/corpora/ninjs): every provider and documentation
// example and every should_pass item parses; each should_fail item is either refused with a
// reason or parsed tolerantly, and the table below says which.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { parseNinjs, parsePayload, PayloadRefused } from '../../src/modules/ingest/index.ts';
import { corpus } from '../helpers/corpora.ts';

const CORPUS = corpus('ninjs');
const ROOT = CORPUS.root;

function jsonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? jsonFiles(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : []))
    .sort();
}

type Outcome = { kind: 'parsed'; items: number; stories: number } | { kind: 'refused'; reason: string };

function read(file: string): Outcome {
  try {
    const parsed = parsePayload(fs.readFileSync(file));
    const items = parsed.entries.filter((e) => 'item' in e);
    const stories = items.filter((e) => 'item' in e && ['text', 'composite'].includes(e.item.kind) && e.item.headline).length;
    return { kind: 'parsed', items: items.length, stories };
  } catch (error) {
    assert.ok(error instanceof PayloadRefused, `${file}: ${String(error)}`);
    return { kind: 'refused', reason: error.reason };
  }
}

it('parses every ninjs example and should_pass item; sorts should_fail items into refused or tolerated', { skip: CORPUS.skip }, () => {
  const examples = [...jsonFiles(path.join(ROOT, 'examples')), ...jsonFiles(path.join(ROOT, 'documentation/includes/examples'))]
    // JSON Schemas that sit beside the examples are not items.
    .filter((f) => !f.endsWith('extension-schema.json') && !f.includes('not-valid'));
  const suite = jsonFiles(path.join(ROOT, 'validation/test_suite')).filter((f) => f.includes('/should_'));
  const rows: string[] = [];
  let stories = 0;
  for (const file of examples) {
    const outcome = read(file);
    assert.equal(outcome.kind, 'parsed', `${path.relative(ROOT, file)}: ${outcome.kind === 'refused' ? outcome.reason : ''}`);
    if (outcome.kind === 'parsed') stories += outcome.stories;
  }
  rows.push(`examples and documentation: ${examples.length} files parsed, ${stories} of their items are publishable stories`);

  const pass = suite.filter((f) => f.includes('/should_pass/'));
  for (const file of pass) {
    const outcome = read(file);
    assert.equal(outcome.kind, 'parsed', `${path.relative(ROOT, file)} should parse: ${outcome.kind === 'refused' ? outcome.reason : ''}`);
  }
  rows.push(`validation should_pass: ${pass.length} files, all parsed`);

  const fail = suite.filter((f) => f.includes('/should_fail/'));
  const refused: Record<string, number> = {};
  let tolerated = 0;
  for (const file of fail) {
    const outcome = read(file);
    if (outcome.kind === 'refused') {
      const key = outcome.reason.replace(/\s+/g, ' ').replace(/ in JSON at position \d+.*$/, '').slice(0, 60);
      refused[key] = (refused[key] ?? 0) + 1;
    } else {
      tolerated++;
    }
  }
  rows.push(`validation should_fail: ${fail.length} files, ${fail.length - tolerated} refused, ${tolerated} parsed tolerantly (schema violations that leave a readable item)`);
  for (const [reason, n] of Object.entries(refused)) rows.push(`  refused ${n}× ${reason}`);
  console.log(rows.join('\n'));
  assert.ok(examples.length >= 40 && pass.length >= 100 && fail.length >= 60);
  assert.ok(fail.length - tolerated > 0);
});


it('reads the fields of three public examples, one per ninjs generation', { skip: CORPUS.skip }, () => {
  const readJson = (rel: string): unknown => JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'));
  const tt = parseNinjs(readJson('examples/2.1/tt_text_image_2.json'));
  assert.equal(tt.guid, 'http://tt.se/media/text/210526-militarovning-a0f2d045');
  assert.equal(tt.version, 1);
  assert.equal(tt.versionCreated, '2021-05-26T11:40:18.000Z');
  assert.match(tt.bodyHtml, /<blockquote>/);
  assert.equal(tt.pictures.length, 1);
  assert.equal(tt.pictures[0]?.credit, 'Karl Melander/TT');
  assert.equal(tt.rights, '© TT');
  assert.equal(tt.pictures[0]?.width, 4724, 'the largest rendition is chosen');
  const complex = parseNinjs(readJson('examples/1.4/ninjsExComplex1.json'));
  assert.equal(complex.located, 'Grossetto, Italy');
  assert.equal(complex.pictures[0]?.width, 429);
  const v3 = parseNinjs(readJson('documentation/includes/examples/3.1/005_complex_text_article.json'));
  assert.equal(v3.versionCreated, '2013-07-09T10:37:00.000Z');
  assert.match(v3.bodyHtml, /^<p>GROSSETO/);
});
