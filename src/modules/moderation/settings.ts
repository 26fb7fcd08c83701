// The moderation policy an admin sets, kept in the settings table under "moderation.*" keys.
import { AppError } from '../../errors.ts';
import { bumpSiteRevision, saveSettings } from '../settings/index.ts';
import { withTransaction, type Queryable } from '../../storage/index.ts';
import { appendLog, type Actor } from './log.repository.ts';

export interface ModerationSettings {
  /** 'post': comments appear at once unless a rule holds them; 'pre': every comment waits for a moderator. */
  siteMode: 'post' | 'pre';
  /** New commenters are pre-moderated until this many of their comments were approved (0: off). */
  premodUntilApproved: number;
  /** Commenters with fewer approved comments than this have comments with links held. */
  linksNeedApproved: number;
  maxLength: number;
  /** Comments per user per minute, across the site. */
  perMinute: number;
  /** Distinct readers' reports that take a comment off the page until a moderator looks. */
  reportThreshold: number;
  /** 0–1: above it the writer is asked "are you sure?" and a second submit holds the comment. */
  toxicityThreshold: number;
  /** A Perspective-compatible scoring endpoint; empty for the built-in word-list scorer. */
  scorerUrl: string;
  scorerKey: string;
  /** Readers must confirm their email address before they comment. */
  requireVerifiedEmail: boolean;
}

export const DEFAULT_MODERATION: ModerationSettings = Object.freeze({
  siteMode: 'post',
  premodUntilApproved: 0,
  linksNeedApproved: 3,
  maxLength: 3000,
  perMinute: 5,
  reportThreshold: 3,
  toxicityThreshold: 0.8,
  scorerUrl: '',
  scorerKey: '',
  requireVerifiedEmail: true,
});

const PREFIX = 'moderation.';
const NUMBER_LIMITS: Partial<Record<keyof ModerationSettings, [number, number]>> = {
  premodUntilApproved: [0, 1000],
  linksNeedApproved: [0, 1000],
  maxLength: [100, 20000],
  perMinute: [1, 1000],
  reportThreshold: [1, 100],
  toxicityThreshold: [0, 1],
};

const LABELS: Partial<Record<keyof ModerationSettings, string>> = {
  premodUntilApproved: 'Approved comments before a new commenter is trusted',
  linksNeedApproved: 'Approved comments before links are allowed',
  maxLength: 'Longest comment',
  perMinute: 'Comments per minute',
  reportThreshold: 'Reports that hide a comment',
  toxicityThreshold: 'Toxicity threshold',
};

export class SettingsError extends AppError {
  constructor(message: string) {
    super('SETTING_INVALID', message);
  }
}

/** Checks and converts one value; throws SettingsError with a reason an admin can act on. */
function parseValue(key: keyof ModerationSettings, raw: string): ModerationSettings[typeof key] {
  if (key === 'requireVerifiedEmail') {
    if (!['1', '0', 'true', 'false'].includes(raw)) throw new SettingsError('Choose whether readers must confirm their email address before commenting.');
    return raw === '1' || raw === 'true';
  }
  if (key === 'siteMode') {
    if (raw !== 'post' && raw !== 'pre') throw new SettingsError('Moderation mode must be "post" or "pre".');
    return raw;
  }
  const limits = NUMBER_LIMITS[key];
  if (limits) {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < limits[0] || value > limits[1]) {
      throw new SettingsError(`${LABELS[key] ?? key} must be a number from ${limits[0]} to ${limits[1]} (got ${raw.trim() === '' ? 'nothing' : raw.slice(0, 20)}).`);
    }
    return key === 'toxicityThreshold' ? value : Math.round(value);
  }
  if (key === 'scorerUrl' && raw !== '' && !/^https?:\/\/\S+$/.test(raw)) throw new SettingsError('The scorer URL must start with http:// or https://.');
  return raw.trim();
}

const KEYS = Object.keys(DEFAULT_MODERATION) as (keyof ModerationSettings)[];

export async function loadModerationSettings(db: Queryable): Promise<ModerationSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', `${PREFIX}%`).execute();
  const settings: Record<string, unknown> = { ...DEFAULT_MODERATION };
  for (const row of rows) {
    const key = row.key.slice(PREFIX.length) as keyof ModerationSettings;
    if (!KEYS.includes(key)) continue;
    try {
      settings[key] = parseValue(key, row.value);
    } catch {
      // A bad stored value falls back to the default rather than breaking commenting.
    }
  }
  return settings as unknown as ModerationSettings;
}

export async function saveModerationSettings(db: Queryable, changes: Partial<Record<keyof ModerationSettings, string>>): Promise<void> {
  const parsed: [string, string][] = [];
  for (const key of KEYS) {
    const raw = changes[key];
    if (raw === undefined) continue;
    parsed.push([`${PREFIX}${key}`, String(parseValue(key, raw))]);
  }
  for (const [key, value] of parsed) {
    await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }
  await bumpSiteRevision(db);
}

/**
 * An admin saves the conversation's policy and its Community Guidelines: checked, saved and
 * logged together.
 */
export async function saveConversationSettings(
  db: Queryable,
  actor: Actor,
  input: { changes: Partial<Record<keyof ModerationSettings, string>>; guidelines: string },
): Promise<void> {
  const guidelines = input.guidelines.trim();
  if (guidelines.length < 20 || guidelines.length > 20_000) throw new AppError('GUIDELINES_LENGTH', 'The Community Guidelines need 20 to 20,000 characters.');
  await withTransaction(db, async (tx) => {
    await saveModerationSettings(tx, input.changes);
    await saveSettings(tx, { guidelines });
    await appendLog(tx, { actor, action: 'change settings', targetType: 'settings', targetId: 'conversation', reason: Object.keys(input.changes).join(', ') });
  });
}
