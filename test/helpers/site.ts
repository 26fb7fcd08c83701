// A whole site for HTTP and browser tests: a fresh database, optionally with the demo loaded.
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs/promises';
import path from 'node:path';
import { buildApp } from '../../src/app.tsx';
import { loadConfig, type Config } from '../../src/config.ts';
import { seedDemo } from '../../src/modules/demo/index.ts';
import { loadKeyring } from '../../src/modules/tips/index.ts';
import type { Mailer } from '../../src/modules/notify/index.ts';
import type { WebContext } from '../../src/web/web-context.ts';
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.ts';

export interface TestSite {
  app: FastifyInstance;
  web: WebContext;
  config: Config;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function createTestSite(dialect: Dialect, options: { demo?: boolean; config?: Partial<Config>; logStream?: NodeJS.WritableStream; mailer?: Mailer } = {}): Promise<TestSite> {
  const database = await createTestDatabase(dialect);
  const config = loadConfig(
    { LOG_LEVEL: 'silent', PUBLIC_URL: 'http://news.test' },
    // Tests change the database directly and look at once, so freshness checks are not reused
    // unless a test asks for it.
    { database: database.database, dataDir: database.dir, mediaDir: path.join(database.dir, 'media'), outboxDir: path.join(database.dir, 'outbox'), tipKeyFile: `${database.dir}-keys/tips.key`, tipsDir: path.join(database.dir, 'tips'), stampTtlMs: 0, ...options.config },
  );
  if (options.demo !== false) await seedDemo(database.handle.db, config.mediaDir);
  // The tip key made here, as an operator's would exist: the server says so in its log only on a first start.
  loadKeyring(config.tipKeyFile);
  const { app, web } = await buildApp(config, database.handle, { ...(options.logStream ? { logStream: options.logStream } : {}), ...(options.mailer ? { mailer: options.mailer } : {}) });
  await app.ready();
  return {
    app,
    web,
    config,
    database,
    async close() {
      await app.close();
      await database.destroy();
      await fs.rm(`${database.dir}-keys`, { recursive: true, force: true });
    },
  };
}
