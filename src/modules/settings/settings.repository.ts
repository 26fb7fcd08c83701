// Site-wide settings (name, tagline, contact details) kept as key/value rows.
import { randomBytes, randomUUID } from 'node:crypto';
import { precompiled, type Queryable } from '../../storage/index.ts';

export interface SiteSettings {
  siteName: string;
  tagline: string;
  about: string;
  contactEmail: string;
  /** Where news of a tip goes (a link, never its words); empty sends it to contactEmail. */
  tipsEmail: string;
  contactPhone: string;
  contactAddress: string;
  /** IANA zone used to show times to readers. */
  timezone: string;
  language: string;
  /** The Community Guidelines page, in the comment Markdown subset (paragraphs, emphasis, quotes, links). */
  guidelines: string;
  /** The station's colour for the header, buttons and links (#rrggbb); empty for the default. */
  brandColour: string;
  /** The logo in the header, as JSON (media SiteLogo); empty: the name in type. */
  logo: string;
  /** The tab and home-screen icon, as JSON (media SiteIcon); empty: Masthead's icon. */
  icon: string;
}

export const DEFAULT_SETTINGS: SiteSettings = Object.freeze({
  siteName: 'Masthead',
  tagline: 'Local news',
  about: 'This site publishes local reporting alongside stories from news wires.',
  contactEmail: 'newsroom@example.org',
  tipsEmail: '',
  contactPhone: '',
  contactAddress: '',
  timezone: 'UTC',
  language: 'en',
  brandColour: '',
  logo: '',
  icon: '',
  guidelines: [
    'The comments under our stories are a forum for civil, constructive conversation about the news that affects this community. Disagree with us and with each other as much as you like; do it with respect.',
    '**Stay on topic.** Comment on the story you are reading. Questions for the newsroom, corrections and story ideas are welcome through the contact page, where an editor will see them.',
    '**Attack arguments, not people.** No insults, threats, slurs or harassment, and nothing hateful about anyone\'s race, religion, gender, sexuality, disability or origin.',
    '**Be truthful.** Do not post what you know to be false. If you share a claim, link to where it comes from.',
    '**Keep it clean and fair.** No spam, advertising, impersonation, or posting the same comment again and again. Do not share anyone\'s private information.',
    '**Moderation.** Our moderators read reports from readers and may hold, remove or decline any comment that breaks these guidelines. Accounts that break them repeatedly may be suspended or banned. Every decision is recorded, and you are told what happened to your comment.',
    'If you see a comment that breaks these guidelines, use the *Report* link under it.',
  ].join('\n\n'),
});

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof SiteSettings)[];

export async function loadSettings(db: Queryable): Promise<SiteSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const settings: SiteSettings = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    if ((KEYS as string[]).includes(row.key)) settings[row.key as keyof SiteSettings] = row.value;
  }
  return settings;
}

const REVISION_KEY = 'site_revision';

/**
 * Marks a change to something every page shows (settings, sources, navigation): cached pages
 * are stamped with this revision too, so they render again on every app process.
 */
export async function bumpSiteRevision(db: Queryable): Promise<void> {
  const value = `${new Date().toISOString()}#${randomUUID().slice(0, 8)}`;
  await db
    .insertInto('settings')
    .values({ key: REVISION_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

const revisionRow = precompiled((db: Queryable) => db.selectFrom('settings').select('value').where('key', '=', REVISION_KEY));

export async function siteRevision(db: Queryable): Promise<string> {
  const [row] = await revisionRow(db);
  return row?.value ?? 'initial';
}

export async function saveSettings(db: Queryable, changes: Partial<SiteSettings>): Promise<void> {
  for (const key of KEYS) {
    const value = changes[key];
    if (value === undefined) continue;
    await db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
  await bumpSiteRevision(db);
}

/**
 * A random secret the site keeps in its own database (created on first use), so every app
 * process on one database signs and checks the same way with nothing to configure.
 */
export async function siteSecret(db: Queryable, name: string): Promise<Buffer> {
  const key = `secret.${name}`;
  await db
    .insertInto('settings')
    .values({ key, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}
