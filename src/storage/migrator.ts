import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './database.ts';
import * as initial from './migrations/2026-11-28-001-initial.ts';
import * as wirePayloads from './migrations/2026-11-28-002-wire-payloads.ts';
import * as accounts from './migrations/2026-11-28-003-accounts.ts';
import * as conversation from './migrations/2026-11-28-004-conversation.ts';
import * as commentIndexes from './migrations/2026-11-28-005-comment-indexes.ts';

// Listed explicitly (not read from disk) so the set is fixed at build time and ordered by name.
const migrations: Record<string, Migration> = {
  '2026-11-28-001-initial': initial,
  '2026-11-28-002-wire-payloads': wirePayloads,
  '2026-11-28-003-accounts': accounts,
  '2026-11-28-004-conversation': conversation,
  '2026-11-28-005-comment-indexes': commentIndexes,
};

const provider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'masthead_migrations', migrationLockTableName: 'masthead_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed ?? '(unknown)'} failed: ${reason}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
