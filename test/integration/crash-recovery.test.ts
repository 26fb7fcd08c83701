// A large batch killed with SIGKILL half-way, then run again, ends with every item present
// exactly once: each item commits on its own, and a replay recognises what is already there.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { upsertSource } from '../../src/modules/ingest/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const BIN = path.resolve('bin/masthead.js');
// Large enough that a loaded CI machine is still mid-batch when the kill comes.
const ITEMS = 3000;

describeEachDialect('ingest killed mid-batch', (db) => {
  it('has every item exactly once after a SIGKILL and a second run', async () => {
    const source = await upsertSource(db().handle.db, { slug: 'bulk', name: 'Bulk Wire', shortName: 'BW', kind: 'wire', defaultRights: null, canonicalPolicy: 'original' });
    const file = path.join(db().dir, 'batch.json');
    fs.writeFileSync(
      file,
      JSON.stringify(
        Array.from({ length: ITEMS }, (_, i) => ({
          uri: `urn:bulk:${i}`,
          type: 'text',
          version: '1',
          headlines: [{ role: 'main', value: `Bulk story ${i}` }],
          bodies: [{ contenttype: 'text/html', value: `<p>Item ${i}.</p>` }],
          subjects: [{ name: i % 2 ? 'Odd' : 'Even' }],
        })),
      ),
    );
    const database = db().database;
    const url = database.kind === 'sqlite' ? `sqlite:${database.file}` : database.url;
    const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', MASTHEAD_DATA_DIR: db().dir };
    const count = async () =>
      Number((await db().handle.db.selectFrom('stories').select((eb) => eb.fn.countAll<number>().as('n')).where('source_id', '=', source.id).executeTakeFirstOrThrow()).n);

    const child = spawn(process.execPath, [BIN, 'ingest', file, '--source', 'bulk'], { env, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 60_000;
    let seen = 0;
    while ((seen = await count()) < ITEMS / 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const afterKill = await count();
    assert.ok(seen > 0 && afterKill < ITEMS, `killed part-way (${afterKill} of ${ITEMS} stored)`);

    const rerun = spawnSync(process.execPath, [BIN, 'ingest', file, '--source', 'bulk'], { env, encoding: 'utf8', timeout: 240_000 });
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout, new RegExp(`Ingested 1 payload from bulk: (${ITEMS - afterKill} created, ${afterKill} unchanged|${afterKill} unchanged, ${ITEMS - afterKill} created)`));
    const rows = await db().handle.db.selectFrom('stories').select('origin_guid').where('source_id', '=', source.id).execute();
    assert.equal(rows.length, ITEMS);
    assert.equal(new Set(rows.map((r) => r.origin_guid)).size, ITEMS);
  });
});
