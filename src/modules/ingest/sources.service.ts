// Wire sources in the browser, for admins: a source's settings checked and saved together (a new
// push secret made and shown once), how its feed last answered, and what became of every item it
// sent. The CLI (`masthead source`) writes the same rows.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { ADMIN_ROLES, type Role } from '../accounts/index.ts';
import { slugify } from '../text/index.ts';
import type { Queryable } from '../../storage/index.ts';
import { findSourceBySlug, hashSecret, upsertSource, type Source, type TopicRule } from './sources.repository.ts';

/** What the source form sends, every field as text. */
export interface SourceForm {
  slug: string;
  name: string;
  shortName: string;
  kind: string;
  rights: string;
  canonical: string;
  format: string;
  transport: string;
  location: string;
  pollSeconds: string;
  authHeader: string;
  publish: string;
  /** One rule a line: "Subject = Topic". */
  rules: string;
  defaultTopic: string;
  allowLocal: boolean;
}

export const SOURCE_CHOICES = {
  kind: ['wire', 'newsroom'],
  canonical: ['original', 'self', 'noindex'],
  format: ['auto', 'ninjs'],
  transport: ['manual', 'http', 'folder', 'push'],
  publish: ['publish', 'hold'],
} as const;

const oneOf = <K extends keyof typeof SOURCE_CHOICES>(key: K, value: string): (typeof SOURCE_CHOICES)[K][number] | null =>
  (SOURCE_CHOICES[key] as readonly string[]).includes(value) ? (value as (typeof SOURCE_CHOICES)[K][number]) : null;

/** "Subject = Topic" lines to rules; the line that is not one, when there is one. */
export function parseRuleLines(text: string): { rules: TopicRule[]; bad: string | null } {
  const rules: TopicRule[] = [];
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf('=');
    const subject = line.slice(0, at).trim();
    const topic = line.slice(at + 1).trim();
    if (at < 1 || !subject || !topic || subject.length > 120 || topic.length > 120) return { rules, bad: line };
    rules.push({ subject, topic });
  }
  return { rules, bad: null };
}

export const ruleLines = (rules: readonly TopicRule[]) => rules.map((r) => `${r.subject} = ${r.topic}`).join('\n');

export type SourceField = keyof SourceForm;

/** The field that is wrong and why, for the form; null when the source can be saved. */
export function sourceProblem(form: SourceForm): { field: SourceField; message: string } | null {
  const slug = form.slug.trim();
  // "new" is the address of the page that adds a source.
  if (!slug || slugify(slug) !== slug || slug.length > 60 || slug === 'new') return { field: 'slug', message: 'Give the source a short address of lower-case words joined by hyphens, e.g. cnn-newsource.' };
  if (form.name.trim().length < 2 || form.name.length > 120) return { field: 'name', message: 'Name the source in 2 to 120 characters, e.g. CNN Newsource.' };
  if (form.shortName.trim().length < 1 || form.shortName.length > 30) return { field: 'shortName', message: 'Give the short name datelines and credits use, e.g. CNN.' };
  if (!oneOf('kind', form.kind)) return { field: 'kind', message: 'Choose wire or newsroom.' };
  if (!oneOf('canonical', form.canonical)) return { field: 'canonical', message: 'Choose a canonical policy.' };
  if (!oneOf('format', form.format)) return { field: 'format', message: 'Choose how its payloads are read.' };
  const transport = oneOf('transport', form.transport);
  if (!transport) return { field: 'transport', message: 'Choose how its copy arrives.' };
  const location = form.location.trim();
  if (transport === 'http' && !/^https?:\/\/[^\s]+$/.test(location)) return { field: 'location', message: 'A polled feed needs its http(s) URL.' };
  if (transport === 'folder' && !location.startsWith('/')) return { field: 'location', message: 'A drop folder needs its full path on the server, e.g. /srv/wire/in.' };
  const poll = Number(form.pollSeconds || '300');
  if (!Number.isInteger(poll) || poll < 10 || poll > 86_400) return { field: 'pollSeconds', message: 'Poll every 10 to 86,400 seconds.' };
  if (form.authHeader.length > 500 || /[\r\n]/.test(form.authHeader)) return { field: 'authHeader', message: 'Keep the Authorization header to one line.' };
  if (!oneOf('publish', form.publish)) return { field: 'publish', message: 'Choose to publish new stories at once or hold them for the desk.' };
  const { bad } = parseRuleLines(form.rules);
  if (bad) return { field: 'rules', message: `“${bad.slice(0, 80)}” is not a rule: write one a line, as Subject = Topic.` };
  if (form.defaultTopic.length > 120) return { field: 'defaultTopic', message: 'Keep the default topic under 120 characters.' };
  if (form.rights.length > 300) return { field: 'rights', message: 'Keep the rights line under 300 characters.' };
  return null;
}

/**
 * Saves every setting of a source at once (creating it when the slug is new). A new push secret
 * replaces the old one and is returned once: only its hash is kept.
 */
export async function saveSourceSettings(db: Queryable, actor: { role: Role }, form: SourceForm, options: { newPushSecret?: boolean } = {}): Promise<{ source: Source; pushSecret: string | null }> {
  if (!ADMIN_ROLES.includes(actor.role)) throw new AppError('ROLE_REQUIRED', 'Only an admin changes wire sources.');
  const problem = sourceProblem(form);
  if (problem) throw new AppError('SOURCE_INVALID', problem.message);
  const pushSecret = options.newPushSecret ? randomBytes(24).toString('base64url') : null;
  const transport = oneOf('transport', form.transport)!;
  const source = await upsertSource(db, {
    slug: form.slug.trim(),
    name: form.name.trim(),
    shortName: form.shortName.trim(),
    kind: oneOf('kind', form.kind)!,
    defaultRights: form.rights.trim() || null,
    canonicalPolicy: oneOf('canonical', form.canonical)!,
    format: oneOf('format', form.format)!,
    transport,
    location: transport === 'http' || transport === 'folder' ? form.location.trim() : null,
    pollSeconds: Number(form.pollSeconds || '300'),
    authHeader: form.authHeader.trim() || null,
    publishPolicy: oneOf('publish', form.publish)!,
    topicRules: parseRuleLines(form.rules).rules,
    defaultTopic: form.defaultTopic.trim() || null,
    allowLocal: form.allowLocal,
    ...(pushSecret ? { pushSecretSha256: hashSecret(pushSecret) } : {}),
  });
  return { source, pushSecret };
}

/** A new push secret for an existing source, shown once. */
export async function newPushSecret(db: Queryable, actor: { role: Role }, slug: string): Promise<string> {
  if (!ADMIN_ROLES.includes(actor.role)) throw new AppError('ROLE_REQUIRED', 'Only an admin changes wire sources.');
  const source = await findSourceBySlug(db, slug);
  if (!source) throw new AppError('SOURCE_NOT_FOUND', 'There is no such source.');
  const secret = randomBytes(24).toString('base64url');
  await db.updateTable('sources').set({ push_secret_sha256: hashSecret(secret) }).where('id', '=', source.id).execute();
  return secret;
}

export interface SourceStatus {
  slug: string;
  lastPolledAt: string | null;
  lastStatus: string | null;
  failures: number;
  dueAt: string | null;
  payloads: number;
  lastReceivedAt: string | null;
}

/** Each source's feed state and how much it has sent. */
export async function listSourceStatus(db: Queryable): Promise<Map<string, SourceStatus>> {
  const rows = await db
    .selectFrom('sources as s')
    .leftJoin('source_poll_state as p', 'p.source_id', 's.id')
    .select(['s.slug', 'p.last_polled_at', 'p.last_status', 'p.failures', 'p.due_at'])
    .select((eb) => [
      eb.selectFrom('wire_payloads as w').select((e) => e.fn.countAll<number>().as('n')).whereRef('w.source_id', '=', 's.id').as('payloads'),
      eb.selectFrom('wire_payloads as w').select((e) => e.fn.max('w.received_at').as('at')).whereRef('w.source_id', '=', 's.id').as('last_received'),
    ])
    .execute();
  return new Map(
    rows.map((r) => [
      r.slug,
      { slug: r.slug, lastPolledAt: r.last_polled_at, lastStatus: r.last_status, failures: Number(r.failures ?? 0), dueAt: r.due_at, payloads: Number(r.payloads ?? 0), lastReceivedAt: (r.last_received as string | null) ?? null },
    ]),
  );
}

export interface SourceLogEntry {
  receivedAt: string;
  transport: string;
  payloadRefused: string | null;
  guid: string | null;
  version: number | null;
  outcome: string;
  reason: string | null;
  storyId: string | null;
  headline: string | null;
  /** What did not stop the item, e.g. a picture that could not be read. */
  warnings: string[];
}

/** What became of the source's latest items, newest first; a refused payload is one line. */
export async function listSourceLog(db: Queryable, sourceId: string, limit = 100): Promise<SourceLogEntry[]> {
  const rows = await db
    .selectFrom('wire_payloads as p')
    .leftJoin('wire_item_results as r', 'r.payload_id', 'p.id')
    .leftJoin('stories as s', 's.id', 'r.story_id')
    .select(['p.received_at', 'p.transport', 'p.refused_reason', 'r.guid', 'r.version', 'r.outcome', 'r.reason', 'r.warnings', 'r.story_id', 's.headline', 'r.position'])
    .where('p.source_id', '=', sourceId)
    .orderBy('p.received_at', 'desc')
    .orderBy('p.id', 'desc')
    .orderBy('r.position')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    receivedAt: r.received_at,
    transport: r.transport,
    payloadRefused: r.refused_reason,
    guid: r.guid,
    version: r.version,
    outcome: r.outcome ?? (r.refused_reason ? 'refused' : 'empty'),
    reason: r.reason ?? r.refused_reason,
    storyId: r.story_id,
    headline: r.headline,
    warnings: r.warnings ? (JSON.parse(r.warnings) as string[]) : [],
  }));
}
