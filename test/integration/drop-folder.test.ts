// A watched drop folder on both engines: files are taken once they settle, moved to processed/
// or failed/ with a reason file, and a file claimed by a dead process is taken over.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { scanDropFolder, scanDropFolders, upsertSource, type Source } from '../../src/modules/ingest/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const item = (uri: string, headline = `Dropped ${uri}`) =>
  JSON.stringify({ uri, type: 'text', headlines: [{ role: 'main', value: headline }], bodies: [{ contenttype: 'text/html', value: '<p>Text.</p>' }] });

describeEachDialect('drop folder', (db) => {
  let folder: string;
  let source: Source;
  const ctx = () => ({ db: db().handle.db, mediaDir: path.join(db().dir, 'media') });
  const later = () => Date.now() + 5000;

  it('takes settled files, moving them to processed/ and failed/ with reasons', async () => {
    folder = path.join(db().dir, 'drop');
    fs.mkdirSync(folder);
    source = await upsertSource(db().handle.db, { slug: 'drop', name: 'Drop Wire', shortName: 'DW', kind: 'wire', defaultRights: null, canonicalPolicy: 'original', transport: 'folder', location: folder });
    fs.writeFileSync(path.join(folder, 'a.json'), item('urn:d:1'));
    fs.writeFileSync(path.join(folder, 'b.json'), `[${item('urn:d:2')}, {"uri": "urn:d:3"}]`);
    fs.writeFileSync(path.join(folder, 'c.txt'), 'not a payload at all');
    assert.deepEqual(await scanDropFolders(ctx()), [], 'files still being written are left alone');
    const results = await scanDropFolder(ctx(), source, later());
    assert.deepEqual(results.map((r) => r.file).sort(), ['a.json', 'b.json', 'c.txt']);
    assert.deepEqual(fs.readdirSync(folder).sort(), ['failed', 'processed']);
    const processed = fs.readdirSync(path.join(folder, 'processed')).sort();
    const failed = fs.readdirSync(path.join(folder, 'failed')).sort();
    assert.equal(processed.filter((n) => n.endsWith('-a.json')).length, 1);
    assert.equal(processed.filter((n) => n.endsWith('-b.json')).length, 1);
    const bReason = processed.find((n) => n.endsWith('-b.json.reason.txt'));
    assert.ok(bReason, 'a file with a refused item gets a reason file');
    assert.match(fs.readFileSync(path.join(folder, 'processed', bReason), 'utf8'), /item 2 \(urn:d:3\): refused: the item has no headline/);
    const cReason = failed.find((n) => n.endsWith('-c.txt.reason.txt'));
    assert.ok(cReason);
    assert.match(fs.readFileSync(path.join(folder, 'failed', cReason), 'utf8'), /^Refused: unrecognised format/);
    const stories = await db().handle.db.selectFrom('stories').select('origin_guid').where('source_id', '=', source.id).orderBy('origin_guid').execute();
    assert.deepEqual(stories.map((s) => s.origin_guid), ['urn:d:1', 'urn:d:2']);
  });

  it('takes over a file claimed by a process that died', async () => {
    fs.writeFileSync(path.join(folder, '.claimed-999999-d.json'), item('urn:d:4'));
    fs.writeFileSync(path.join(folder, `.claimed-${process.pid}-e.json`), item('urn:d:5'));
    const results = await scanDropFolder(ctx(), source, later());
    assert.deepEqual(results.map((r) => r.file), ['d.json']);
    assert.ok(fs.existsSync(path.join(folder, `.claimed-${process.pid}-e.json`)), 'a live claim is left to its owner');
  });
});
