// One-off load of a folder of wire files (the demo wire uses it): every file is received as a
// payload, in name order. A bad file is refused with its reason and the rest still load.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../storage/index.ts';
import { ingestPayload, type ItemReport } from './ingest.service.ts';
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

export async function loadWireFolder(ctx: { db: Db; mediaDir: string }, source: Source, folder: string): Promise<FileResult[]> {
  const names = (await fs.readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .filter((name) => !/\.(jpe?g|png|webp|gif)$/i.test(name))
    .sort();
  const fetchPicture = folderPictureFetcher(folder);
  const results: FileResult[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    const report = await ingestPayload(ctx, { source, bytes: await fs.readFile(file), transport: 'folder', origin: file, fetchPicture });
    if (report.refused) {
      results.push({ file, position: 0, guid: null, version: null, outcome: 'refused', storyId: null, slug: null, reason: report.refused, warnings: [] });
    } else {
      results.push(...report.items.map((item) => ({ file, ...item })));
    }
  }
  return results;
}
