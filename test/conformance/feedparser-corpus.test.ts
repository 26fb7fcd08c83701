// Edge cases from feedparser's suite (../shared/corpora/feedparser-tests): well-formed RSS,
// Atom and Media RSS, ill-formed feeds, odd encodings and entity tricks. Every file either
// parses or is refused with a reason; nothing throws anything else, nothing hangs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { parsePayload, PayloadRefused } from '../../src/modules/ingest/index.ts';
import { corpus } from '../helpers/corpora.ts';

const CORPUS = corpus('feedparser-tests');
const ROOT = CORPUS.file('tests');
const SETS = ['wellformed/rss', 'wellformed/atom', 'wellformed/atom10', 'wellformed/media-rss', 'wellformed/rdf', 'illformed', 'encoding', 'entities'];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

it('reads every feedparser edge case or refuses it with a reason', { skip: CORPUS.skip }, () => {
  const table: string[] = [];
  let totalFiles = 0;
  let totalItems = 0;
  for (const set of SETS) {
    const dir = path.join(ROOT, set);
    if (!fs.existsSync(dir)) continue;
    let parsed = 0;
    let items = 0;
    const reasons: Record<string, number> = {};
    for (const file of files(dir)) {
      totalFiles++;
      try {
        const result = parsePayload(fs.readFileSync(file));
        parsed++;
        items += result.entries.length;
        for (const entry of result.entries) if ('refused' in entry) reasons[`item: ${entry.refused}`] = (reasons[`item: ${entry.refused}`] ?? 0) + 1;
      } catch (error) {
        assert.ok(error instanceof PayloadRefused, `${path.relative(ROOT, file)} threw ${String(error)}`);
        assert.ok(error.reason.length > 0);
        const key = error.reason.replace(/:\d+:\d+$/, '').replace(/\s+/g, ' ').slice(0, 70);
        reasons[key] = (reasons[key] ?? 0) + 1;
      }
    }
    totalItems += items;
    const top = Object.entries(reasons).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([r, n]) => `${n}× ${r}`).join('; ');
    table.push(`${set.padEnd(22)} parsed ${String(parsed).padStart(4)}  items ${String(items).padStart(4)}  refused/notes: ${top || '-'}`);
  }
  console.log(`feedparser corpus: ${totalFiles} files, ${totalItems} items\n${table.join('\n')}`);
  assert.ok(totalFiles > 600, `${totalFiles} files`);
});
