// A watched drop folder: every file that lands in it is received as a payload, then moved to
// processed/ or failed/, with a .reason.txt beside it when anything was refused. A file is
// claimed by renaming it first, so two processes never take the same file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { folderPictureFetcher } from './folder-load.ts';
import { ingestPayload, type IngestContext, type PayloadReport } from './ingest.service.ts';
import { listSources, type Source } from './sources.repository.ts';

const CLAIM = /^\.claimed-(\d+)-(.+)$/;
/** A file still being written changes; one untouched this long is complete. */
const SETTLE_MS = 1000;

export interface DropResult {
  source: string;
  file: string;
  movedTo: string;
  report: PayloadReport;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function moveUnique(from: string, dir: string, name: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(dir, `${stamp}-${name}`);
  await fs.rename(from, target);
  return target;
}

function reasonText(report: PayloadReport): string | null {
  if (report.refused) return `Refused: ${report.refused}\n`;
  const refused = report.items.filter((i) => i.outcome === 'refused' || i.warnings.length > 0);
  if (refused.length === 0) return null;
  return refused.map((i) => `item ${i.position + 1}${i.guid ? ` (${i.guid})` : ''}: ${i.outcome}${i.reason ? `: ${i.reason}` : ''}${i.warnings.length ? ` [${i.warnings.join('; ')}]` : ''}`).join('\n') + '\n';
}

/** Takes every settled file in the source's folder. */
export async function scanDropFolder(ctx: IngestContext, source: Source, now = Date.now()): Promise<DropResult[]> {
  if (!source.location) return [];
  const folder = path.resolve(source.location);
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  const results: DropResult[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    let name = entry.name;
    const claimed = CLAIM.exec(name);
    if (claimed) {
      // Left behind by a process that died mid-file: take it over.
      if (alive(Number(claimed[1]))) continue;
      name = claimed[2] ?? name;
    } else if (name.startsWith('.') || /\.(jpe?g|png|webp|gif|reason\.txt)$/i.test(name)) {
      continue;
    }
    const current = path.join(folder, entry.name);
    const stat = await fs.stat(current).catch(() => null);
    if (!stat || (!claimed && now - stat.mtimeMs < SETTLE_MS)) continue;
    const claimPath = path.join(folder, `.claimed-${process.pid}-${name}`);
    try {
      await fs.rename(current, claimPath);
    } catch {
      continue; // another process took it
    }
    const report = await ingestPayload(ctx, {
      source,
      bytes: await fs.readFile(claimPath),
      transport: 'folder',
      origin: path.join(folder, name),
      fetchPicture: folderPictureFetcher(folder),
    });
    const movedTo = await moveUnique(claimPath, path.join(folder, report.refused ? 'failed' : 'processed'), name);
    const reason = reasonText(report);
    if (reason) await fs.writeFile(`${movedTo}.reason.txt`, reason);
    results.push({ source: source.slug, file: name, movedTo, report });
  }
  return results;
}

export async function scanDropFolders(ctx: IngestContext): Promise<DropResult[]> {
  const sources = (await listSources(ctx.db)).filter((s) => s.transport === 'folder' && s.location);
  const results: DropResult[] = [];
  for (const source of sources) results.push(...(await scanDropFolder(ctx, source)));
  return results;
}
