// NewsML-G2 (../shared/corpora/newsml-g2 guideline listings and dpa-digitalwires output):
// news items, messages and packages parse; other G2 item kinds (concepts, knowledge, planning,
// catalogs) and fragments are refused with a reason. Prints the table.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { parsePayload, PayloadRefused } from '../../src/modules/ingest/index.ts';
import { corpus } from '../helpers/corpora.ts';

const G2 = corpus('newsml-g2');
const DPA = corpus('dpa-digitalwires');
const SETS = {
  'newsml-g2 listings': G2.file('examples'),
  'dpa digitalwires': DPA.file('tests/data/output'),
};

it('parses NewsML-G2 news items, messages and packages, and refuses the rest with reasons', { skip: G2.skip || DPA.skip }, () => {
  const lines: string[] = [];
  for (const [name, dir] of Object.entries(SETS)) {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
    let parsed = 0;
    const kinds: Record<string, number> = {};
    const refused: Record<string, string[]> = {};
    for (const file of files) {
      try {
        const result = parsePayload(fs.readFileSync(path.join(dir, file)));
        assert.equal(result.format, 'newsml-g2', file);
        parsed++;
        for (const entry of result.entries) {
          const key = 'item' in entry ? (entry.item.headline ? entry.item.kind : `${entry.item.kind} without headline`) : `refused: ${entry.refused}`;
          kinds[key] = (kinds[key] ?? 0) + 1;
        }
      } catch (error) {
        assert.ok(error instanceof PayloadRefused, `${file}: ${String(error)}`);
        (refused[error.reason] ??= []).push(file);
      }
    }
    lines.push(`${name}: ${files.length} files, ${parsed} parsed; items: ${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}`);
    for (const [reason, which] of Object.entries(refused)) lines.push(`  refused ${which.length}: ${reason}`);
    if (name === 'dpa digitalwires') assert.equal(parsed, files.length, 'every dpa output parses');
    else {
      assert.ok(parsed >= 20, `${parsed} listings parsed`);
      for (const reason of Object.keys(refused)) assert.match(reason, /is not a known wire or feed format/);
    }
  }
  console.log(lines.join('\n'));
});


it('reads the fields of a guideline listing and of dpa items: dateline, embargo, correction note', { skip: G2.skip || DPA.skip }, () => {
  const first = (file: string) => {
    const entry = parsePayload(fs.readFileSync(file)).entries[0];
    assert.ok(entry && 'item' in entry, file);
    return entry.item;
  };
  const listing = first(G2.file('examples/LISTING_1_A_NewsML-G2_News_Item.xml'));
  assert.equal(listing.embargoedUntil, '2018-10-23T12:00:00.000Z');
  assert.equal(listing.version, 11);
  assert.equal(listing.located, 'Berlin');
  const embargoed = first(DPA.file('tests/data/output/embargoed.xml'));
  assert.equal(embargoed.dateline, 'Berlin (dpa)');
  assert.equal(embargoed.embargoedUntil, '2025-01-23T18:00:00.000Z');
  assert.ok(embargoed.standfirst, 'the teaser is the standfirst');
  const corrected = first(DPA.file('tests/data/output/dw-1.xml'));
  assert.ok(corrected.correctionNote, 'the correction note is read');
});
