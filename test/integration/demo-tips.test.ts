// A fresh demo station, started as `npm start` starts it (in this process), has two tips in its
// inbox, sealed like any other: an editor finds something to open and answer. On both engines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createTestDatabase, DIALECTS, skipReason, type TestDatabase } from '../helpers/databases.ts';

for (const dialect of DIALECTS) {
  describe(`the demo's tips [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let database: TestDatabase;
    let server: RunningServer;
    before(async () => {
      database = await createTestDatabase(dialect, { migrate: false });
      const config = loadConfig(
        { LOG_LEVEL: 'silent', PORT: '0', MASTHEAD_DEMO: 'on' },
        { database: database.database, dataDir: database.dir, mediaDir: path.join(database.dir, 'media'), outboxDir: path.join(database.dir, 'outbox'), tipKeyFile: `${database.dir}-keys/tips.key`, tipsDir: path.join(database.dir, 'tips') },
      );
      server = await startServer(config);
    });
    after(async () => {
      await server?.close();
      fs.rmSync(`${database.dir}-keys`, { recursive: true, force: true });
      await database?.destroy();
    });

    it('puts two sealed tips in the inbox, one with a file and one with a follow-up from its source', async () => {
      const db = database.handle.db;
      const tips = await db.selectFrom('tips').select(['id', 'status', 'files', 'sealed']).orderBy('created_at').execute();
      assert.equal(tips.length, 2);
      assert.deepEqual(tips.map((t) => [t.status, Number(t.files)]), [['new', 1], ['new', 0]]);
      assert.ok(tips.every((t) => !t.sealed.includes('crossing') && !t.sealed.includes('Foundry')), 'sealed, not readable');
      assert.equal((await db.selectFrom('tip_messages').select('kind').execute()).map((m) => m.kind).join(), 'tipster');
      assert.equal((await fetch(`${server.url}/tips`)).status, 200);
    });
  });
}
