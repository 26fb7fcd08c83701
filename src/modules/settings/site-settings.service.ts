// An admin makes the site the station's own: its name, tagline, About text, contact details,
// time zone and language, checked here and saved together.
import { AppError } from '../../errors.ts';
import { withTransaction, type Queryable } from '../../storage/index.ts';
import { saveSettings, type SiteSettings } from './settings.repository.ts';

export type EditableSettings = Pick<SiteSettings, 'siteName' | 'tagline' | 'about' | 'contactEmail' | 'contactPhone' | 'contactAddress' | 'timezone' | 'language'>;

const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,190}\.[a-z]{2,}$/i;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** The setting that is wrong and why, in words for the form; null when all are right. */
export function settingsProblem(input: EditableSettings): { field: keyof EditableSettings; message: string } | null {
  const oneLine = (text: string) => !/[\r\n\p{Cc}]/u.test(text);
  if (input.siteName.trim().length < 2 || input.siteName.length > 80 || !oneLine(input.siteName)) return { field: 'siteName', message: 'Give the site a name of 2 to 80 characters on one line.' };
  if (input.tagline.length > 160 || !oneLine(input.tagline)) return { field: 'tagline', message: 'Keep the tagline to one line of at most 160 characters.' };
  if (input.about.trim().length < 10 || input.about.length > 10_000) return { field: 'about', message: 'Write the About page in 10 to 10,000 characters.' };
  if (!EMAIL.test(input.contactEmail.trim())) return { field: 'contactEmail', message: 'Give an email address readers can write to.' };
  if (input.contactPhone.length > 40 || !oneLine(input.contactPhone)) return { field: 'contactPhone', message: 'Keep the phone number to one line.' };
  if (input.contactAddress.length > 300 || !oneLine(input.contactAddress)) return { field: 'contactAddress', message: 'Keep the address to one line of at most 300 characters.' };
  if (!isTimeZone(input.timezone.trim())) return { field: 'timezone', message: `“${input.timezone}” is not a time zone; use a name such as America/Chicago.` };
  if (!/^[a-z]{2,3}(?:-[A-Z]{2})?$/.test(input.language.trim())) return { field: 'language', message: 'Use a language tag such as en or es-US.' };
  return null;
}

/** Saves every field at once (every page shows some of them, so every cached page renders again). */
export async function updateSiteSettings(db: Queryable, input: EditableSettings): Promise<void> {
  const problem = settingsProblem(input);
  if (problem) throw new AppError('SETTING_INVALID', problem.message);
  const trimmed = Object.fromEntries(Object.entries(input).map(([key, value]) => [key, key === 'about' ? value.trim().replace(/\r\n/g, '\n') : value.trim()])) as EditableSettings;
  await withTransaction(db, (tx) => saveSettings(tx, trimmed));
}
