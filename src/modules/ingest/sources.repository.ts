// Wire providers and the station's own desk: names, rights line, canonical policy, and how
// their copy arrives (format, transport, location, credentials, topic rules).
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Database, Queryable } from '../../storage/index.ts';
import { nowIso } from '../../storage/index.ts';
import { bumpSiteRevision } from '../settings/index.ts';
import { sha256Hex } from '../text/index.ts';

export interface TopicRule {
  /** A wire subject name, matched without regard to case. */
  subject: string;
  topic: string;
}

export interface Source {
  id: string;
  slug: string;
  name: string;
  shortName: string;
  kind: 'wire' | 'newsroom';
  defaultRights: string | null;
  canonicalPolicy: 'original' | 'self' | 'noindex';
  format: string;
  transport: 'manual' | 'http' | 'folder' | 'push';
  location: string | null;
  pollSeconds: number;
  authHeader: string | null;
  publishPolicy: 'publish' | 'hold';
  topicRules: TopicRule[];
  defaultTopic: string | null;
  /** May fetch from private and loopback addresses (a source on the station's network). */
  allowLocal: boolean;
  /** sha256 of the push secret, when the source may push. */
  pushSecretSha256: string | null;
}

export type SourceInput = Pick<Source, 'slug' | 'name' | 'shortName' | 'kind' | 'defaultRights' | 'canonicalPolicy'> &
  Partial<Omit<Source, 'id' | 'slug' | 'name' | 'shortName' | 'kind' | 'defaultRights' | 'canonicalPolicy'>>;

function toSource(row: Selectable<Database['sources']>): Source {
  let rules: TopicRule[] = [];
  try {
    const parsed: unknown = JSON.parse(row.topic_rules);
    if (Array.isArray(parsed)) rules = parsed.filter((r): r is TopicRule => typeof r?.subject === 'string' && typeof r?.topic === 'string');
  } catch {
    rules = [];
  }
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    shortName: row.short_name,
    kind: row.kind,
    defaultRights: row.default_rights,
    canonicalPolicy: row.canonical_policy,
    format: row.format,
    transport: row.transport,
    location: row.location,
    pollSeconds: row.poll_seconds,
    authHeader: row.auth_header,
    publishPolicy: row.publish_policy,
    topicRules: rules,
    defaultTopic: row.default_topic,
    allowLocal: row.allow_local === 1,
    pushSecretSha256: row.push_secret_sha256,
  };
}

export async function findSourceBySlug(db: Queryable, slug: string): Promise<Source | null> {
  const row = await db.selectFrom('sources').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? toSource(row) : null;
}

export async function listSources(db: Queryable): Promise<Source[]> {
  const rows = await db.selectFrom('sources').selectAll().orderBy('name').execute();
  return rows.map(toSource);
}

function columnsOf(input: SourceInput) {
  return {
    name: input.name,
    short_name: input.shortName,
    kind: input.kind,
    default_rights: input.defaultRights,
    canonical_policy: input.canonicalPolicy,
    ...(input.format !== undefined ? { format: input.format } : {}),
    ...(input.transport !== undefined ? { transport: input.transport } : {}),
    ...(input.location !== undefined ? { location: input.location } : {}),
    ...(input.pollSeconds !== undefined ? { poll_seconds: input.pollSeconds } : {}),
    ...(input.authHeader !== undefined ? { auth_header: input.authHeader } : {}),
    ...(input.publishPolicy !== undefined ? { publish_policy: input.publishPolicy } : {}),
    ...(input.topicRules !== undefined ? { topic_rules: JSON.stringify(input.topicRules) } : {}),
    ...(input.defaultTopic !== undefined ? { default_topic: input.defaultTopic } : {}),
    ...(input.allowLocal !== undefined ? { allow_local: input.allowLocal ? 1 : 0 } : {}),
    ...(input.pushSecretSha256 !== undefined ? { push_secret_sha256: input.pushSecretSha256 } : {}),
  };
}

/** Creates the source, or updates the given settings when the slug exists. */
export async function upsertSource(db: Queryable, input: SourceInput): Promise<Source> {
  const existing = await findSourceBySlug(db, input.slug);
  if (existing) {
    await db.updateTable('sources').set(columnsOf(input)).where('id', '=', existing.id).execute();
  } else {
    await db
      .insertInto('sources')
      .values({ id: randomUUID(), slug: input.slug, ...columnsOf(input), created_at: nowIso() })
      .execute();
  }
  const saved = await findSourceBySlug(db, input.slug);
  if (!saved) throw new Error(`source ${input.slug} vanished while saving`);
  // Story pages show a source's name, rights line and canonical policy.
  await bumpSiteRevision(db);
  return saved;
}

export interface SourceRemoval {
  removed: boolean;
  /** Why it was kept, when it was. */
  reason: string | null;
}

/** Removes a source that no story came from; a source with stories stays (they cite it). */
export async function removeSource(db: Queryable, slug: string): Promise<SourceRemoval> {
  const source = await findSourceBySlug(db, slug);
  if (!source) return { removed: false, reason: `no source "${slug}"` };
  const used = await db
    .selectFrom('stories')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source_id', '=', source.id)
    .executeTakeFirstOrThrow();
  if (Number(used.n) > 0) return { removed: false, reason: `${used.n} stories came from "${slug}"; they keep citing it` };
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('source_poll_state').where('source_id', '=', source.id).execute();
    await tx.deleteFrom('wire_payloads').where('source_id', '=', source.id).execute();
    await tx.deleteFrom('sources').where('id', '=', source.id).execute();
    await bumpSiteRevision(tx);
  });
  return { removed: true, reason: null };
}

export function hashSecret(secret: string): string {
  return sha256Hex(secret);
}

/** Compares a presented push secret with the stored hash in constant time. */
export function pushSecretMatches(source: Source, presented: string | undefined): boolean {
  if (!source.pushSecretSha256 || !presented) return false;
  const a = Buffer.from(hashSecret(presented), 'hex');
  const b = Buffer.from(source.pushSecretSha256, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The topics a wire item files under: subjects mapped by the source's rules, else the default. */
export function topicsFor(source: Source, subjects: readonly string[]): string[] {
  if (source.topicRules.length === 0) return subjects.length > 0 ? [...subjects] : [source.defaultTopic ?? 'News'];
  const mapped = subjects.flatMap((subject) =>
    source.topicRules.filter((rule) => rule.subject.toLowerCase() === subject.toLowerCase()).map((rule) => rule.topic),
  );
  return mapped.length > 0 ? [...new Set(mapped)] : [source.defaultTopic ?? 'News'];
}
