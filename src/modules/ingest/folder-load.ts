// One-off load of a folder of ninjs files (the demo wire uses it). Each file is one item; a bad
// file is refused with its reason and the rest of the folder still loads.
import fs from 'node:fs/promises';
import path from 'node:path';
import { looksLikeNinjs, parseNinjs } from './formats/ninjs.ts';
import { applyWireItem, type ItemResult, type PipelineContext } from './pipeline.ts';
import type { Source } from './sources.repository.ts';
import { WireItemRefused } from './wire-item.ts';

export interface FileResult extends ItemResult {
  file: string;
}

/** Pictures may only come from inside the folder itself. */
function folderPictureFetcher(folder: string): (href: string) => Promise<Buffer> {
  const root = path.resolve(folder);
  return async (href) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) throw new Error('only pictures inside the folder can be loaded here');
    const file = path.resolve(root, href);
    if (!file.startsWith(root + path.sep)) throw new Error('picture path leaves the folder');
    return fs.readFile(file);
  };
}

function refused(file: string, reason: string): FileResult {
  return { file, guid: '', version: null, outcome: 'refused', storyId: null, slug: null, reason, warnings: [] };
}

export async function loadWireFolder(
  ctx: Omit<PipelineContext, 'fetchPicture'>,
  source: Source,
  folder: string,
): Promise<FileResult[]> {
  const names = (await fs.readdir(folder)).filter((n) => n.endsWith('.json')).sort();
  const fetchPicture = folderPictureFetcher(folder);
  const results: FileResult[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    let json: unknown;
    try {
      json = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (error) {
      results.push(refused(file, `not valid JSON: ${(error as Error).message}`));
      continue;
    }
    if (!looksLikeNinjs(json)) {
      results.push(refused(file, 'not a ninjs item'));
      continue;
    }
    try {
      const item = parseNinjs(json);
      results.push({ file, ...(await applyWireItem({ ...ctx, fetchPicture }, source, item)) });
    } catch (error) {
      if (!(error instanceof WireItemRefused)) throw error;
      results.push(refused(file, error.reason));
    }
  }
  return results;
}
