// Loads the demo station: settings, topics, authors, and its wire folders through the ingest pipeline.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../storage/index.ts';
import { ConfigError } from '../../errors.ts';
import { ensureAuthor } from '../authors/index.ts';
import { loadWireFolder, upsertSource, type SourceInput } from '../ingest/index.ts';
import type { ItemOutcome } from '../ingest/index.ts';
import { saveSettings, type SiteSettings } from '../settings/index.ts';
import { ensureTopic, type TopicInput } from '../topics/index.ts';
import { seedConversation, type ConversationReport } from './seed-conversation.ts';

interface DemoManifest {
  settings: Partial<SiteSettings>;
  sources: (SourceInput & { folder: string })[];
  topics: (TopicInput & { parent?: string })[];
  authors: { name: string; affiliation: string; bio: string }[];
}

export interface DemoReport {
  outcomes: Partial<Record<ItemOutcome, number>>;
  refused: { file: string; reason: string }[];
  /** Items loaded with a problem that did not stop them (a photo that could not be stored). */
  warnings: { file: string; warning: string }[];
  conversation?: ConversationReport;
}

export const DEMO_DIR = path.resolve(import.meta.dirname, '../../../fixtures/demo');

/** The demo's stories are nothing without their photos: a media folder it cannot write stops it first. */
async function checkMediaWritable(mediaDir: string): Promise<void> {
  try {
    await fs.mkdir(mediaDir, { recursive: true });
    const probe = path.join(mediaDir, `.write-check-${process.pid}`);
    await fs.writeFile(probe, '');
    await fs.rm(probe);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(
      `The demo cannot write its photos to ${mediaDir} (${reason}). Set MASTHEAD_MEDIA_DIR or MASTHEAD_DATA_DIR to a folder this user can write, or start with MASTHEAD_DEMO=off.`,
    );
  }
}

export async function seedDemo(db: Db, mediaDir: string, demoDir: string = DEMO_DIR): Promise<DemoReport> {
  await checkMediaWritable(mediaDir);
  const manifest = JSON.parse(await fs.readFile(path.join(demoDir, 'demo.json'), 'utf8')) as DemoManifest;
  await db.transaction().execute(async (tx) => {
    await saveSettings(tx, manifest.settings);
    for (const topic of manifest.topics) {
      await ensureTopic(tx, { ...topic, ...(topic.parent ? { parentSlug: topic.parent } : {}) });
    }
    for (const author of manifest.authors) await ensureAuthor(tx, author);
  });

  const report: DemoReport = { outcomes: {}, refused: [], warnings: [] };
  for (const { folder, ...input } of manifest.sources) {
    const source = await upsertSource(db, input);
    for (const result of await loadWireFolder({ db, mediaDir }, source, path.join(demoDir, folder))) {
      report.outcomes[result.outcome] = (report.outcomes[result.outcome] ?? 0) + 1;
      if (result.outcome === 'refused') report.refused.push({ file: result.file, reason: result.reason ?? '' });
      for (const warning of result.warnings) report.warnings.push({ file: result.file, warning });
    }
  }
  report.conversation = await seedConversation(db, demoDir);
  return report;
}

/** The demo loads on first start only: a site with any story of its own is left alone. */
export async function seedDemoIfEmpty(db: Db, mediaDir: string): Promise<DemoReport | null> {
  const anyStory = await db.selectFrom('stories').select('id').limit(1).executeTakeFirst();
  return anyStory ? null : seedDemo(db, mediaDir);
}
