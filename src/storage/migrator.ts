import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './database.ts';
import * as initial from './migrations/2026-11-28-001-initial.ts';
import * as wirePayloads from './migrations/2026-11-28-002-wire-payloads.ts';
import * as accounts from './migrations/2026-11-28-003-accounts.ts';
import * as conversation from './migrations/2026-11-28-004-conversation.ts';
import * as commentIndexes from './migrations/2026-11-28-005-comment-indexes.ts';
import * as desk from './migrations/2026-12-01-006-desk.ts';
import * as storyRedirects from './migrations/2026-12-01-007-story-redirects.ts';
import * as wireLocalEdits from './migrations/2026-12-01-008-wire-local-edits.ts';
import * as staff from './migrations/2026-12-01-009-staff.ts';
import * as storyOptions from './migrations/2026-12-01-010-story-options.ts';
import * as mediaKinds from './migrations/2026-12-01-011-media-kinds.ts';
import * as outboxAndFollows from './migrations/2026-12-02-012-outbox-and-follows.ts';
import * as wireCopyOrder from './migrations/2026-12-02-013-wire-copy-order.ts';
import * as tips from './migrations/2026-12-02-014-tips.ts';
import * as storySearch from './migrations/2026-12-03-015-story-search.ts';
import * as storySearchPairs from './migrations/2026-12-04-016-story-search-pairs.ts';

// Listed explicitly (not read from disk) so the set is fixed at build time and ordered by name.
const migrations: Record<string, Migration> = {
  '2026-11-28-001-initial': initial,
  '2026-11-28-002-wire-payloads': wirePayloads,
  '2026-11-28-003-accounts': accounts,
  '2026-11-28-004-conversation': conversation,
  '2026-11-28-005-comment-indexes': commentIndexes,
  '2026-12-01-006-desk': desk,
  '2026-12-01-007-story-redirects': storyRedirects,
  '2026-12-01-008-wire-local-edits': wireLocalEdits,
  '2026-12-01-009-staff': staff,
  '2026-12-01-010-story-options': storyOptions,
  '2026-12-01-011-media-kinds': mediaKinds,
  '2026-12-02-012-outbox-and-follows': outboxAndFollows,
  '2026-12-02-013-wire-copy-order': wireCopyOrder,
  '2026-12-02-014-tips': tips,
  '2026-12-03-015-story-search': storySearch,
  '2026-12-04-016-story-search-pairs': storySearchPairs,
};

const provider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

export interface MigrationReport {
  applied: string[];
}

const migratorFor = (db: Db) => new Migrator({ db, provider, migrationTableName: 'masthead_migrations', migrationLockTableName: 'masthead_migrations_lock' });

export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  return report(await migratorFor(db).migrateToLatest());
}

/** Up (or down) to the named migration: tests of a migration against data written before it. */
export async function migrateTo(db: Db, name: string): Promise<MigrationReport> {
  if (!(name in migrations)) throw new Error(`no migration is called ${name}`);
  return report(await migratorFor(db).migrateTo(name));
}

function report({ error, results }: Awaited<ReturnType<Migrator['migrateToLatest']>>): MigrationReport {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed ?? '(unknown)'} failed: ${reason}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
