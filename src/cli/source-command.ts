// `masthead source add|list|show|remove`: wire sources until the desk has a page for them.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { randomBytes } from 'node:crypto';
import { findSourceBySlug, hashSecret, listSources, removeSource, SOURCE_CHOICES, upsertSource, type Source, type TopicRule } from '../modules/ingest/index.ts';
import { slugify } from '../modules/text/index.ts';
import { createDb, migrateToLatest } from '../storage/index.ts';

export const SOURCE_HELP = `Usage: masthead source <add|list|show|remove> [options]

  source list                   list the sources
  source show SLUG              show one source's settings
  source remove SLUG            remove a source no story came from
  source add SLUG --name NAME --short-name SHORT [options]
                                create a source, or change the given settings of an existing one

Options for add:
  --name NAME                   e.g. "CNN Newsource"
  --short-name SHORT            used in datelines and credits, e.g. "CNN"
  --kind wire|newsroom          a wire's copy gets a wire dateline and credit (default wire)
  --rights TEXT                 default rights line, e.g. "© 2026 Cable News Network"
  --canonical original|self|noindex
                                canonical policy for its stories (default original)
  --format auto|ninjs           how to read its payloads (default auto: by content)
  --transport manual|http|folder|push
  --url URL                     feed URL for http polling
  --folder PATH                 drop folder to watch
  --poll SECONDS                polling interval (default 300)
  --auth HEADER                 Authorization header sent when polling, e.g. "Bearer abc"
  --publish publish|hold        publish new stories at once, or hold them for the desk
  --map "SUBJECT=TOPIC"         file wire subject SUBJECT under TOPIC (repeatable)
  --default-topic TOPIC         topic for items no --map rule matches (default "News")
  --allow-local                 the source is on the station's network: allow private addresses
  --new-push-secret             let the source push to POST /ingest/SLUG; prints the secret once`;

// The same choices the desk's source form offers.
const CHOICES = SOURCE_CHOICES;

function choice<K extends keyof typeof CHOICES>(name: K, value: string | undefined): (typeof CHOICES)[K][number] | undefined {
  if (value === undefined) return undefined;
  if (!(CHOICES[name] as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${CHOICES[name].join(', ')}, got "${value}"`);
  }
  return value as (typeof CHOICES)[K][number];
}

export class UsageError extends Error {}

function parseRules(values: string[] | undefined): TopicRule[] | undefined {
  if (!values) return undefined;
  return values.map((value) => {
    const at = value.indexOf('=');
    const subject = value.slice(0, at).trim();
    const topic = value.slice(at + 1).trim();
    if (at < 1 || !subject || !topic) throw new UsageError(`--map takes "SUBJECT=TOPIC", got "${value}"`);
    return { subject, topic };
  });
}

export function describeSource(source: Source): string {
  const lines = [
    `${source.slug}: ${source.name} (${source.shortName}, ${source.kind})`,
    `  rights:        ${source.defaultRights ?? '(none)'}`,
    `  canonical:     ${source.canonicalPolicy}`,
    `  format:        ${source.format}`,
    `  transport:     ${source.transport}${source.location ? ` ${source.location}` : ''}${source.transport === 'http' ? ` every ${source.pollSeconds} s` : ''}`,
    `  credentials:   ${source.authHeader ? `${source.authHeader.split(' ')[0]} ***` : '(none)'}`,
    `  publishing:    ${source.publishPolicy === 'hold' ? 'hold new stories for the desk' : 'publish at once'}`,
    `  topics:        ${source.topicRules.length ? source.topicRules.map((r) => `${r.subject} → ${r.topic}`).join('; ') : 'wire subjects as topics'}`,
    `  default topic: ${source.defaultTopic ?? 'News'}`,
    `  network:       ${source.allowLocal ? 'may fetch from private addresses' : 'public addresses only'}`,
    `  push:          ${source.pushSecretSha256 ? `POST /ingest/${source.slug} with its secret` : 'off'}`,
  ];
  return lines.join('\n');
}

export async function sourceCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      'short-name': { type: 'string' },
      kind: { type: 'string' },
      rights: { type: 'string' },
      canonical: { type: 'string' },
      format: { type: 'string' },
      transport: { type: 'string' },
      url: { type: 'string' },
      folder: { type: 'string' },
      poll: { type: 'string' },
      auth: { type: 'string' },
      publish: { type: 'string' },
      map: { type: 'string', multiple: true },
      'default-topic': { type: 'string' },
      'allow-local': { type: 'boolean' },
      'new-push-secret': { type: 'boolean' },
    },
  });
  const [action, slugArg, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!action || !['add', 'list', 'show', 'remove'].includes(action)) throw new UsageError('say add, list, show or remove');
  if (action !== 'list' && !slugArg) throw new UsageError(`source ${action} needs a SLUG`);

  const database = await createDb(loadConfig());
  try {
    const db = database.db;
    await migrateToLatest(db);
    if (action === 'list') {
      const sources = await listSources(db);
      if (sources.length === 0) console.log('No sources yet. Add one with: masthead source add SLUG --name NAME --short-name SHORT');
      for (const s of sources) console.log(`${s.slug}\t${s.name}\t${s.kind}\t${s.transport}${s.location ? ` ${s.location}` : ''}`);
      return 0;
    }
    const slug = slugArg ?? '';
    if (action === 'show') {
      const source = await findSourceBySlug(db, slug);
      if (!source) throw new UsageError(`no source "${slug}"`);
      console.log(describeSource(source));
      return 0;
    }
    if (action === 'remove') {
      const result = await removeSource(db, slug);
      if (!result.removed) throw new UsageError(`not removed: ${result.reason}`);
      console.log(`Removed source ${slug}.`);
      return 0;
    }
    if (slugify(slug) !== slug) throw new UsageError(`a source slug is lowercase words joined by hyphens, e.g. "${slugify(slug)}"`);
    const existing = await findSourceBySlug(db, slug);
    const name = values.name ?? existing?.name;
    const shortName = values['short-name'] ?? existing?.shortName;
    if (!name || !shortName) throw new UsageError('a new source needs --name and --short-name');
    let pollSeconds: number | undefined;
    if (values.poll !== undefined) {
      pollSeconds = Number(values.poll);
      if (!Number.isInteger(pollSeconds) || pollSeconds < 10) throw new UsageError(`--poll must be a whole number of seconds, at least 10, got "${values.poll}"`);
    }
    if (values.url !== undefined && !/^https?:\/\//.test(values.url)) throw new UsageError(`--url must be an http(s) URL, got "${values.url}"`);
    const pushSecret = values['new-push-secret'] ? randomBytes(24).toString('base64url') : null;
    const saved = await upsertSource(db, {
      slug,
      name,
      shortName,
      kind: choice('kind', values.kind) ?? existing?.kind ?? 'wire',
      defaultRights: values.rights ?? existing?.defaultRights ?? null,
      canonicalPolicy: choice('canonical', values.canonical) ?? existing?.canonicalPolicy ?? 'original',
      format: choice('format', values.format),
      transport: choice('transport', values.transport),
      location: values.url ?? values.folder,
      pollSeconds,
      authHeader: values.auth,
      publishPolicy: choice('publish', values.publish),
      topicRules: parseRules(values.map),
      defaultTopic: values['default-topic'],
      allowLocal: values['allow-local'],
      pushSecretSha256: pushSecret ? hashSecret(pushSecret) : undefined,
    });
    console.log(`${existing ? 'Updated' : 'Added'} source:\n${describeSource(saved)}`);
    if (pushSecret) {
      console.log(`\nPush secret (shown once; send it as "Authorization: Bearer <secret>" to POST /ingest/${slug}):\n${pushSecret}`);
    }
    return 0;
  } finally {
    await database.close();
  }
}
