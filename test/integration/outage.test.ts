// A PostgreSQL server that goes away: pages answer 503, /healthz fails, and both recover by
// themselves when the server returns. (An embedded SQLite file cannot go away this way.)
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.tsx';
import { loadConfig } from '../../src/config.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { createDb, type DbHandle } from '../../src/storage/index.ts';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, skipReason, type TestDatabase } from '../helpers/databases.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';

describe('database outage [postgres]', { skip: skipReason('postgres') }, () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let handle: DbHandle;
  let app: FastifyInstance;

  before(async () => {
    database = await createTestDatabase('postgres');
    await createStory(database.handle.db, {
      headline: 'Outage test story',
      bodyHtml: '<p>Body.</p>',
      authors: [],
      topics: [{ name: 'Local News' }],
      publishedAt: '2026-11-01T00:00:00.000Z',
    });
    assert.equal(database.database.kind, 'postgres');
    const target = new URL(database.database.kind === 'postgres' ? database.database.url : '');
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    target.hostname = '127.0.0.1';
    target.port = String(proxy.port);
    const config = loadConfig(
      { LOG_LEVEL: 'silent' },
      // Freshness checks are not reused, so the first request after the cut meets the outage.
      { database: { kind: 'postgres', url: target.toString() }, mediaDir: path.join(database.dir, 'media'), stampTtlMs: 0 },
    );
    handle = await createDb(config);
    ({ app } = await buildApp(config, handle));
    await app.ready();
  });

  after(async () => {
    await app?.close();
    await handle?.close();
    await proxy?.stop();
    await database?.destroy();
  });

  it('serves normally while the database answers', async () => {
    assert.equal((await app.inject('/stories/outage-test-story')).statusCode, 200);
    assert.equal((await app.inject('/healthz')).statusCode, 200);
  });

  it('answers 503 pages and a failing /healthz while the database is gone', async () => {
    await proxy.stop();
    for (const url of ['/', '/stories/outage-test-story', '/topics/local-news']) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 503, url);
      assert.match(res.body, /<h1 id="error-heading">Temporarily unavailable<\/h1>/);
      assert.equal(res.headers['retry-after'], '30');
    }
    const health = await app.inject('/healthz');
    assert.equal(health.statusCode, 503);
    assert.equal((health.json() as { status: string }).status, 'unavailable');
  });

  it('recovers by itself when the database returns', async () => {
    await proxy.start();
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      status = (await app.inject('/healthz')).statusCode;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200);
    assert.equal((await app.inject('/stories/outage-test-story')).statusCode, 200);
    assert.equal((await app.inject('/')).statusCode, 200);
  });
});
