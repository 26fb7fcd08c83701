// An admin makes the site the station's own: its name, tagline, About text, contact details,
// time zone and language, checked here and saved together.
import { AppError } from '../../errors.ts';
import { makeSiteIcon, makeSiteLogo } from '../media/index.ts';
import { withTransaction, type Queryable } from '../../storage/index.ts';
import { saveSettings, type SiteSettings } from './settings.repository.ts';

export type EditableSettings = Pick<SiteSettings, 'siteName' | 'tagline' | 'about' | 'contactEmail' | 'tipsEmail' | 'contactPhone' | 'contactAddress' | 'timezone' | 'language' | 'brandColour'>;

const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,190}\.[a-z]{2,}$/i;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** WCAG contrast ratio of a #rrggbb colour against white. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

/** The setting that is wrong and why, in words for the form; null when all are right. */
export function settingsProblem(input: EditableSettings): { field: keyof EditableSettings; message: string } | null {
  const oneLine = (text: string) => !/[\r\n\p{Cc}]/u.test(text);
  if (input.siteName.trim().length < 2 || input.siteName.length > 80 || !oneLine(input.siteName)) return { field: 'siteName', message: 'Give the site a name of 2 to 80 characters on one line.' };
  if (input.tagline.length > 160 || !oneLine(input.tagline)) return { field: 'tagline', message: 'Keep the tagline to one line of at most 160 characters.' };
  if (input.about.trim().length < 10 || input.about.length > 10_000) return { field: 'about', message: 'Write the About page in 10 to 10,000 characters.' };
  if (!EMAIL.test(input.contactEmail.trim())) return { field: 'contactEmail', message: 'Give an email address readers can write to.' };
  if (input.tipsEmail.trim() !== '' && !EMAIL.test(input.tipsEmail.trim())) return { field: 'tipsEmail', message: 'Give the address that hears of new tips, or leave it empty to use the newsroom email.' };
  if (input.contactPhone.length > 40 || !oneLine(input.contactPhone)) return { field: 'contactPhone', message: 'Keep the phone number to one line.' };
  if (input.contactAddress.length > 300 || !oneLine(input.contactAddress)) return { field: 'contactAddress', message: 'Keep the address to one line of at most 300 characters.' };
  if (!isTimeZone(input.timezone.trim())) return { field: 'timezone', message: `“${input.timezone}” is not a time zone; use a name such as America/Chicago.` };
  if (!/^[a-z]{2,3}(?:-[A-Z]{2})?$/.test(input.language.trim())) return { field: 'language', message: 'Use a language tag such as en or es-US.' };
  const colour = input.brandColour.trim();
  if (colour !== '' && !/^#[0-9a-f]{6}$/i.test(colour)) return { field: 'brandColour', message: 'Give the colour as # and six hex digits, e.g. #0b3d91, or leave it empty for the default.' };
  // White text on the header and buttons, and links on white, must stay readable (WCAG AA, 4.5:1).
  if (colour !== '' && contrastWithWhite(colour) < 4.5) return { field: 'brandColour', message: `${colour} is too light for white text on it (contrast ${contrastWithWhite(colour).toFixed(1)}:1; at least 4.5:1 is needed). Choose a darker shade.` };
  return null;
}

/** Saves every field at once (every page shows some of them, so every cached page renders again). */
export async function updateSiteSettings(db: Queryable, input: EditableSettings): Promise<void> {
  const problem = settingsProblem(input);
  if (problem) throw new AppError('SETTING_INVALID', problem.message);
  const trimmed = Object.fromEntries(Object.entries(input).map(([key, value]) => [key, key === 'about' ? value.trim().replace(/\r\n/g, '\n') : key === 'brandColour' ? value.trim().toLowerCase() : value.trim()])) as EditableSettings;
  await withTransaction(db, (tx) => saveSettings(tx, trimmed));
}

/**
 * The station's logo or icon, made from an uploaded picture at the sizes pages use, or taken away
 * (null): every page shows the change, as for any setting.
 */
export async function setSiteImage(db: Queryable, mediaDir: string, which: 'logo' | 'icon', bytes: Buffer | null): Promise<void> {
  const value = bytes === null ? '' : JSON.stringify(which === 'logo' ? await makeSiteLogo(mediaDir, bytes) : await makeSiteIcon(mediaDir, bytes));
  await withTransaction(db, (tx) => saveSettings(tx, { [which]: value }));
}
