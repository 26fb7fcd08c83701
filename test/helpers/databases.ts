// A fresh database per suite, on each engine. SQLite always; PostgreSQL when it answers
// (DATABASE_URL_TEST, else the local server). Under CI=true a missing PostgreSQL fails the run.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.ts';
import { searchIndexProblems } from '../../src/modules/search/index.ts';
import { createDb, migrateToLatest, type DbHandle } from '../../src/storage/index.ts';

export type Dialect = 'sqlite' | 'postgres';
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export const POSTGRES_ADMIN_URL = process.env.DATABASE_URL_TEST || 'postgres://postgres@127.0.0.1:5432/test';
export const IN_CI = process.env.CI === 'true';

async function probePostgres(timeoutMs: number): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

// A quick look first; on a busy machine (the suite, Chromium and PostgreSQL on two cores) a
// connection can take longer, so a slow answer is waited for once more before PostgreSQL counts
// as absent.
const postgresProblem = (await probePostgres(3000)) === null ? null : await probePostgres(15_000);

/** Why a dialect's suites are skipped, or false to run them. In CI nothing is skipped. */
export function skipReason(dialect: Dialect): string | false {
  if (dialect === 'sqlite' || IN_CI || postgresProblem === null) return false;
  return `PostgreSQL not reachable at ${POSTGRES_ADMIN_URL}: ${postgresProblem}`;
}

export interface TestDatabase {
  dialect: Dialect;
  handle: DbHandle;
  database: DatabaseConfig;
  /** A scratch folder for this database's media and files. */
  dir: string;
  destroy(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function postgresUrlFor(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createTestDatabase(dialect: Dialect, options: { migrate?: boolean; searchInStep?: boolean } = {}): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-test-'));
  let database: DatabaseConfig;
  let dropName: string | null = null;
  if (dialect === 'sqlite') {
    database = { kind: 'sqlite', file: path.join(dir, 'test.db') };
  } else {
    if (postgresProblem !== null) throw new Error(`PostgreSQL is required here but not reachable at ${POSTGRES_ADMIN_URL}: ${postgresProblem}`);
    dropName = `masthead_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${dropName}`);
    database = { kind: 'postgres', url: postgresUrlFor(dropName) };
  }
  const handle = await createDb({ database });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    dialect,
    handle,
    database,
    dir,
    async destroy() {
      // Whatever the suite did to stories, the search index moved with it (decision 0020).
      const problems = options.migrate === false || options.searchInStep === false ? [] : await searchIndexProblems(handle.db);
      await handle.close();
      if (dropName) await adminQuery(`drop database if exists ${dropName} with (force)`);
      fs.rmSync(dir, { recursive: true, force: true });
      if (problems.length > 0) throw new Error(`the search index fell behind the stories: ${JSON.stringify(problems.slice(0, 5))}`);
    },
  };
}

/** Runs `body` once per engine against a fresh, migrated database. */
export function describeEachDialect(name: string, body: (get: () => TestDatabase) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, { skip: skipReason(dialect) }, () => {
      let current: TestDatabase | undefined;
      before(async () => {
        current = await createTestDatabase(dialect);
      });
      after(async () => {
        await current?.destroy();
      });
      body(() => {
        if (!current) throw new Error('test database not ready');
        return current;
      });
    });
  }
}
