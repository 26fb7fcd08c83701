// `masthead ingest FILE|FOLDER|- … --source SLUG` loads wire files once; `masthead ingest log`
// lists what was received.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import {
  FetchRefused,
  fetchOnce,
  findSourceBySlug,
  folderFilesInDeliveryOrder,
  folderPictureFetcher,
  ingestPayload,
  listPayloadItems,
  listPayloads,
  type PayloadReport,
} from '../modules/ingest/index.ts';
import { createDb, migrateToLatest } from '../storage/index.ts';
import { UsageError } from './source-command.ts';
import { progress } from './progress.ts';

/** Items shown under each payload in `ingest log` (all of them with --payload). */
const LOG_ITEMS_SHOWN = 10;

export const INGEST_HELP = `Usage: masthead ingest FILE|FOLDER|URL|- … --source SLUG [--json]
       masthead ingest log [--limit N] [--payload ID]

Loads wire payloads once through the ingest pipeline, as a source would deliver them. A folder
loads every file in it in delivery order (the time each payload says it was sent or versioned,
then the name; files that name no time last); a URL is fetched once (with the source's credentials,
time and size limits, no private addresses unless the source is --allow-local); - reads one
payload from standard input. The format is detected from the content. Pictures are read from
beside a file, or fetched over HTTP for a URL.

Options:
  --source SLUG   the source the payloads come from (see masthead source list)
  --json          print one JSON object per item:
                  {file, source, guid, version, format, outcome, story, url, headline, reason, warnings}
  --limit N       with log: how many payloads to list (default 20), each with its first
                  items' outcomes, headlines and story addresses
  --payload ID    with log: every item of one payload

Warnings (a picture that could not be read or stored) do not stop an item: it is applied,
and each warning is printed, counted in the summary and kept in the log.

Exit status: 0 when every payload and item was applied, 1 when any was refused (each refusal
is printed with its reason and kept in the log).`;

interface Target {
  label: string;
  read(): Promise<Buffer>;
  pictureDir: string;
  /** Set for a URL: fetched as the source would be polled (guarded, limited). */
  url?: string;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function targetsFor(args: string[]): Promise<Target[]> {
  const targets: Target[] = [];
  for (const arg of args) {
    if (arg === '-') {
      targets.push({ label: '-', read: readStdin, pictureDir: process.cwd() });
      continue;
    }
    if (/^https?:\/\//.test(arg)) {
      targets.push({ label: arg, read: async () => Buffer.alloc(0), pictureDir: process.cwd(), url: arg });
      continue;
    }
    const stat = await fs.stat(arg).catch(() => null);
    if (!stat) throw new UsageError(`no such file or folder: ${arg}`);
    if (stat.isDirectory()) {
      for (const file of await folderFilesInDeliveryOrder(arg)) targets.push({ label: file, read: () => fs.readFile(file), pictureDir: arg });
    } else {
      targets.push({ label: arg, read: () => fs.readFile(arg), pictureDir: path.dirname(arg) });
    }
  }
  return targets;
}

export async function ingestCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { source: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' }, payload: { type: 'string' } },
  });
  const config = loadConfig();

  if (positionals[0] === 'log') {
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number, got "${values.limit}"`);
    const database = await createDb(config);
    try {
      await migrateToLatest(database.db);
      const storyUrl = (slug: string | null) => (slug ? `${config.publicUrl}/stories/${slug}` : '');
      const printItems = async (payloadId: string, shown: number) => {
        const { items, total } = await listPayloadItems(database.db, payloadId, shown);
        for (const item of items) {
          const said = [item.headline ?? item.guid ?? '', storyUrl(item.slug), item.reason ?? ''].filter(Boolean).join('  ');
          console.log(`    ${String(item.position + 1).padStart(4)}  ${item.outcome.padEnd(13)}  ${said}`);
          for (const warning of item.warnings) console.log(`          warning: ${warning}`);
        }
        if (total > items.length) console.log(`          … ${total - items.length} more: masthead ingest log --payload ${payloadId}`);
      };
      if (values.payload) {
        const { total } = await listPayloadItems(database.db, values.payload, 1);
        if (total === 0) throw new UsageError(`no items recorded for payload "${values.payload}"`);
        await printItems(values.payload, total);
        return 0;
      }
      const entries = await listPayloads(database.db, limit);
      if (entries.length === 0) console.log('Nothing received yet.');
      for (const e of entries) {
        const outcomes = Object.entries(e.outcomes).map(([k, v]) => `${v} ${k}`).join(', ');
        const summary = e.refusedReason ? `refused: ${e.refusedReason}` : outcomes || 'no items';
        console.log(`${e.receivedAt}  ${e.source}  ${e.transport}  ${e.format ?? '?'}  ${e.sizeBytes} B  ${summary}  ${e.origin ?? ''}  [${e.id}]`);
        if (!e.refusedReason) await printItems(e.id, LOG_ITEMS_SHOWN);
      }
      return 0;
    } finally {
      await database.close();
    }
  }

  if (positionals.length === 0) throw new UsageError('name at least one file, folder or -');
  if (!values.source) throw new UsageError('say which source the payloads come from: --source SLUG');
  const targets = await targetsFor(positionals);
  const database = await createDb(config);
  try {
    const db = database.db;
    await migrateToLatest(db);
    const source = await findSourceBySlug(db, values.source);
    if (!source) throw new UsageError(`no source "${values.source}" (masthead source list shows them)`);

    const counts: Record<string, number> = {};
    let refusedPayloads = 0;
    let warned = 0;
    const print = values.json ? (line: string) => console.log(line) : () => {};
    for (const [index, target] of targets.entries()) {
      let report: PayloadReport;
      try {
        report = target.url
          ? await fetchOnce({ db, mediaDir: config.mediaDir }, source, target.url)
          : await ingestPayload(
              { db, mediaDir: config.mediaDir },
              { source, bytes: await target.read(), transport: target.label === '-' ? 'stdin' : 'file', origin: target.label, fetchPicture: folderPictureFetcher(target.pictureDir) },
            );
      } catch (error) {
        if (!(error instanceof FetchRefused)) throw error;
        refusedPayloads++;
        counts.refused = (counts.refused ?? 0) + 1;
        if (!values.json) console.error(`refused ${target.label}: ${error.message}`);
        print(JSON.stringify({ file: target.label, source: source.slug, guid: null, version: null, format: null, outcome: 'refused', story: null, url: null, headline: null, reason: error.message, warnings: [] }));
        continue;
      }
      if (report.refused) {
        refusedPayloads++;
        counts.refused = (counts.refused ?? 0) + 1;
        if (!values.json) console.error(`refused ${target.label}: ${report.refused}`);
        print(JSON.stringify({ file: target.label, source: source.slug, guid: null, version: null, format: report.format, outcome: 'refused', story: null, url: null, headline: null, reason: report.refused, warnings: [] }));
      }
      for (const item of report.items) {
        counts[item.outcome] = (counts[item.outcome] ?? 0) + 1;
        const which = `${target.label} item ${item.position + 1}${item.guid ? ` (${item.guid})` : ''}`;
        if (item.outcome === 'refused' && !values.json) console.error(`refused ${which}: ${item.reason}`);
        if (item.warnings.length) {
          warned++;
          if (!values.json) for (const warning of item.warnings) console.error(`warning ${which}: ${warning}`);
        }
        print(
          JSON.stringify({
            file: target.label,
            source: source.slug,
            guid: item.guid,
            version: item.version,
            format: report.format,
            outcome: item.outcome,
            story: item.storyId,
            url: item.slug ? `${config.publicUrl}/stories/${item.slug}` : null,
            headline: item.headline,
            reason: item.reason,
            warnings: item.warnings,
          }),
        );
      }
      if (!values.json) progress(index + 1, targets.length, 'files');
    }
    const summary = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'no items';
    const line = `Ingested ${targets.length} payload${targets.length === 1 ? '' : 's'} from ${source.slug}: ${summary}${warned ? `; ${warned} with warnings` : ''}${refusedPayloads ? ` (${refusedPayloads} payload${refusedPayloads === 1 ? '' : 's'} refused whole)` : ''}`;
    if (values.json) console.error(line);
    else console.log(line);
    return counts.refused ? 1 : 0;
  } finally {
    await database.close();
  }
}
