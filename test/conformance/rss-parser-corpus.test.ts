// RSS and Atom parsing against rss-parser's 30 real feeds (../shared/corpora/rss-parser):
// every file parses or is refused with a reason, and titles, links, guids and dates agree with
// rss-parser's recorded output wherever both have the field.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { parsePayload, PayloadRefused } from '../../src/modules/ingest/index.ts';
import { corpus } from '../helpers/corpora.ts';

const CORPUS = corpus('rss-parser');
const DIR = CORPUS.file('test');

interface Expected {
  title?: string;
  link?: string;
  guid?: string;
  id?: string;
  isoDate?: string;
}

// rss-parser leaves a title's escaped character references ("&#x0024;4300") as they are; here they
// are read as the characters they stand for, so both sides are compared as text.
const norm = (s: string) =>
  s
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/\s+/g, ' ')
    .trim();

it('parses the rss-parser corpus and agrees with its recorded output', { skip: CORPUS.skip }, () => {
  const files = fs.readdirSync(path.join(DIR, 'input')).sort();
  assert.ok(files.length >= 30, `${files.length} files`);
  const agree: Record<'title' | 'link' | 'guid' | 'date', [number, number]> = { title: [0, 0], link: [0, 0], guid: [0, 0], date: [0, 0] };
  const refused: Record<string, string[]> = {};
  const disagreements: string[] = [];
  let items = 0;
  let misdecoded = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(path.join(DIR, 'input', file));
    const expectedFile = path.join(DIR, 'output', file.replace(/\.\w+$/, '.json'));
    const expected = fs.existsSync(expectedFile) ? ((JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as { feed?: { items?: Expected[] } }).feed?.items ?? []) : [];
    let parsed;
    try {
      parsed = parsePayload(bytes);
    } catch (error) {
      assert.ok(error instanceof PayloadRefused, `${file}: ${String(error)}`);
      (refused[error.reason] ??= []).push(file);
      continue;
    }
    items += parsed.entries.length;
    parsed.entries.forEach((entry, i) => {
      const want = expected[i];
      if (!want || !('item' in entry)) return;
      const got = entry.item;
      const check = (field: keyof typeof agree, ours: string | null, theirs: string | undefined) => {
        if (!ours || !theirs) return;
        if (theirs.includes('\uFFFD')) {
          // rss-parser read this ISO-8859-1 feed as UTF-8; the declared encoding is honoured here.
          misdecoded++;
          assert.ok(!ours.includes('\uFFFD'), `${file}#${i}: ${ours}`);
          return;
        }
        agree[field][1]++;
        if (ours === theirs) agree[field][0]++;
        else disagreements.push(`${file}#${i} ${field}: ${JSON.stringify(ours).slice(0, 80)} ≠ ${JSON.stringify(theirs).slice(0, 80)}`);
      };
      check('title', norm(got.headline), want.title ? norm(want.title) : undefined);
      check('link', got.originUrl, want.link?.trim());
      check('guid', got.guid, (want.guid ?? want.id)?.trim());
      check('date', got.firstCreated, want.isoDate);
    });
  }
  console.log(`rss-parser corpus: ${files.length} files, ${items} items parsed, ${Object.values(refused).flat().length} files refused`);
  for (const [reason, which] of Object.entries(refused)) console.log(`  refused (${which.length}): ${reason} — ${which.join(', ')}`);
  for (const [field, [same, both]] of Object.entries(agree)) console.log(`  ${field}: ${same}/${both} agree`);
  console.log(`  ${misdecoded} values where rss-parser's output has U+FFFD (a mis-decoded charset) were compared for clean text only`);
  for (const d of disagreements.slice(0, 30)) console.log(`  ${d}`);
  // The one refusal is a "Document Moved" HTML page served instead of a feed.
  assert.deepEqual(Object.values(refused).flat(), ['unrecognized.rss']);
  assert.ok(items >= 477, `${items} items`);
  for (const [field, [same, both]] of Object.entries(agree)) assert.equal(same, both, `${field} agrees everywhere both parsers have it`);
  assert.ok(agree.title[1] > 450 && agree.link[1] > 450 && agree.guid[1] > 250 && agree.date[1] > 450);
});
