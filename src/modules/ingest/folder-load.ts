// One-off load of a folder of wire files (the demo wire and `masthead ingest FOLDER` use it):
// every file is received as a payload, in delivery order. A bad file is refused with its reason and the rest still load.
import fs from 'node:fs/promises';
import path from 'node:path';
import { deliveryTime, DELIVERY_TIME_BYTES } from './formats/delivery-time.ts';
import { ingestPayload, type IngestContext, type ItemReport } from './ingest.service.ts';
import type { Source } from './sources.repository.ts';

export interface FileResult extends ItemReport {
  file: string;
}

/** Pictures may only come from inside the folder itself. */
export function folderPictureFetcher(folder: string): (href: string) => Promise<Buffer> {
  const root = path.resolve(folder);
  return async (href) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) throw new Error('only pictures inside the folder can be loaded here');
    const file = path.resolve(root, href);
    if (!file.startsWith(root + path.sep)) throw new Error('picture path leaves the folder');
    return fs.readFile(file);
  };
}

async function headOf(file: string): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(DELIVERY_TIME_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * A folder's wire files (not its pictures or hidden files) in delivery order: by the time each
 * payload says it was sent or versioned, then by name; files that name no time come last, by name.
 */
export async function folderFilesInDeliveryOrder(folder: string): Promise<string[]> {
  const names = (await fs.readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .filter((name) => !/\.(jpe?g|png|webp|gif)$/i.test(name));
  const timed: { name: string; at: string }[] = [];
  // A few files open at a time: a backfill folder may hold thousands.
  for (let i = 0; i < names.length; i += 32) {
    timed.push(...(await Promise.all(names.slice(i, i + 32).map(async (name) => ({ name, at: deliveryTime(await headOf(path.join(folder, name))) ?? '\uffff' })))));
  }
  timed.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return timed.map((t) => path.join(folder, t.name));
}

export async function loadWireFolder(ctx: IngestContext, source: Source, folder: string): Promise<FileResult[]> {
  const fetchPicture = folderPictureFetcher(folder);
  const results: FileResult[] = [];
  for (const file of await folderFilesInDeliveryOrder(folder)) {
    const report = await ingestPayload(ctx, { source, bytes: await fs.readFile(file), transport: 'folder', origin: file, fetchPicture });
    if (report.refused) {
      results.push({ file, position: 0, guid: null, headline: null, version: null, outcome: 'refused', storyId: null, slug: null, reason: report.refused, warnings: [] });
    } else {
      results.push(...report.items.map((item) => ({ file, ...item })));
    }
  }
  return results;
}
