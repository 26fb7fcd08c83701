// Site-wide settings (name, tagline, contact details) kept as key/value rows.
import type { Queryable } from '../../storage/index.ts';

export interface SiteSettings {
  siteName: string;
  tagline: string;
  about: string;
  contactEmail: string;
  contactPhone: string;
  contactAddress: string;
  /** IANA zone used to show times to readers. */
  timezone: string;
  language: string;
}

export const DEFAULT_SETTINGS: SiteSettings = Object.freeze({
  siteName: 'Masthead',
  tagline: 'Local news',
  about: 'This site publishes local reporting alongside stories from news wires.',
  contactEmail: 'newsroom@example.org',
  contactPhone: '',
  contactAddress: '',
  timezone: 'UTC',
  language: 'en',
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
}
