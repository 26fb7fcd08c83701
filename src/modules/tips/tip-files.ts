// A tip's attachments on disk: each sealed as it streams in (tips/sealing.ts), in the tips
// folder under a random name that says nothing, never in the public media folder. What arrives
// is inspected on the way (file-types.ts); a refused or unfinished file is removed at once.
// Pictures get a preview made from their decoded pixels only (re-encoded, no metadata: no
// camera, no place, no time), sealed like the original.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, type ErrorCode } from '../../errors.ts';
import { FileInspector, type FileType } from './file-types.ts';
import type { TipKeyring } from './keyring.ts';
import { openingStream, sealedFileKeyId, sealingStream } from './sealing.ts';

export const TIP_FILE_MAX_BYTES = 25 * 1024 * 1024;
export const TIP_FILES_MAX_BYTES = 60 * 1024 * 1024;
export const TIP_FILES_MAX = 5;
const PREVIEW_WIDTH = 1600;

export interface TipFileStore {
  readonly dir: string;
  readonly keyring: TipKeyring;
}

/** A file kept: sealed on disk, waiting for its row. */
export interface StoredTipFile {
  id: string;
  name: string;
  file: FileType;
  bytes: number;
  storedAs: string;
  previewAs: string | null;
}

export interface RefusedTipFile {
  name: string;
  code: ErrorCode;
  reason: string;
}

export type ReceivedTipFile = { ok: true; stored: StoredTipFile } | { ok: false; refused: RefusedTipFile };

const fileContext = (id: string) => `tip-file:${id}`;
const previewContext = (id: string) => `tip-preview:${id}`;
const where = (store: TipFileStore, name: string) => path.join(store.dir, name);

/** A name as the source's computer gave it, cut to something safe to show (never used as a path). */
// eslint-disable-next-line no-control-regex
export const cleanFileName = (name: string) => (name.replace(/[\u0000-\u001f\u007f/\\]/g, '').trim() || 'file').slice(0, 200);

/**
 * Streams one attachment into the store. `source` is the upload's stream; `truncated()` says
 * whether the upload stopped at the size limit. Resolves with the stored file or the reason it
 * was refused; an error of the stream itself (the connection dropped) removes the file and throws.
 */
export async function receiveTipFile(store: TipFileStore, source: Readable, upload: { name: string; claimedType: string; truncated: () => boolean }): Promise<ReceivedTipFile> {
  await fs.mkdir(store.dir, { recursive: true, mode: 0o700 });
  const id = randomUUID();
  const name = cleanFileName(upload.name);
  const storedAs = `${randomUUID()}.sealed`;
  const inspector = new FileInspector();
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      inspector.push(chunk);
      callback(null, chunk);
    },
  });
  const refuse = async (code: ErrorCode, reason: string): Promise<ReceivedTipFile> => {
    await fs.rm(where(store, storedAs), { force: true });
    return { ok: false, refused: { name, code, reason: `${name} ${reason}` } };
  };
  try {
    await pipeline(source, tap, sealingStream(store.keyring, fileContext(id)), createWriteStream(where(store, storedAs), { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await fs.rm(where(store, storedAs), { force: true });
    throw error;
  }
  if (upload.truncated()) return refuse('TIP_FILES_TOO_LARGE', `is larger than ${TIP_FILE_MAX_BYTES / 1024 / 1024} MB, so it was not kept`);
  const inspection = inspector.finish(upload.claimedType);
  if (!inspection.ok) return refuse(inspection.code, inspection.reason);
  let previewAs: string | null = null;
  if (inspection.file.kind === 'image') {
    previewAs = await makePreview(store, id, storedAs);
    // A picture that does not decode is damaged (or only pretends to be one).
    if (!previewAs && inspection.file.type !== 'image/heic') return refuse('TIP_FILE_DAMAGED', `looks like ${inspection.file.type} but cannot be read as a picture, so it was not kept`);
  }
  return { ok: true, stored: { id, name, file: inspection.file, bytes, storedAs, previewAs } };
}

async function makePreview(store: TipFileStore, id: string, storedAs: string): Promise<string | null> {
  const { default: sharp } = await import('sharp');
  const previewAs = `${randomUUID()}.sealed`;
  // Decoding stops at 50 megapixels (a decompression bomb); no metadata is copied (sharp's default).
  const convert = sharp({ limitInputPixels: 50_000_000, failOn: 'error' }).rotate().resize({ width: PREVIEW_WIDTH, withoutEnlargement: true }).webp({ quality: 80 });
  try {
    await pipeline(openTipFile(store, storedAs, id), convert, sealingStream(store.keyring, previewContext(id)), createWriteStream(where(store, previewAs), { flags: 'wx', mode: 0o600 }));
    return previewAs;
  } catch {
    await fs.rm(where(store, previewAs), { force: true });
    return null;
  }
}

/** The file's bytes, opened as they are read. */
export function openTipFile(store: TipFileStore, storedAs: string, id: string): Readable {
  return streamOf(store, storedAs, fileContext(id));
}

export function openTipPreview(store: TipFileStore, previewAs: string, id: string): Readable {
  return streamOf(store, previewAs, previewContext(id));
}

function streamOf(store: TipFileStore, name: string, context: string): Readable {
  const out = new PassThrough();
  pipeline(createReadStream(where(store, name)), openingStream(store.keyring, context), out).catch((error: unknown) => {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    out.destroy(missing ? new AppError('TIP_FILE_NOT_FOUND', 'That file is no longer on disk.') : (error as Error));
  });
  return out;
}

/** Seals a file again under the keyring's current key (rotation); the old file is removed. */
export async function resealTipFile(store: TipFileStore, name: string, id: string, preview: boolean): Promise<string> {
  const context = preview ? previewContext(id) : fileContext(id);
  const fresh = `${randomUUID()}.sealed`;
  try {
    await pipeline(streamOf(store, name, context), sealingStream(store.keyring, context), createWriteStream(where(store, fresh), { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await fs.rm(where(store, fresh), { force: true });
    throw error;
  }
  return fresh;
}

export async function removeTipFiles(store: TipFileStore, names: readonly (string | null)[]): Promise<void> {
  await Promise.all(names.filter((n): n is string => !!n).map((n) => fs.rm(where(store, n), { force: true })));
}

/** The files in the folder (for the sweep of files no row names). */
export async function storedTipFileNames(store: TipFileStore): Promise<{ name: string; modifiedMs: number }[]> {
  const names = await fs.readdir(store.dir).catch(() => [] as string[]);
  const out: { name: string; modifiedMs: number }[] = [];
  for (const name of names.filter((n) => n.endsWith('.sealed'))) {
    const stat = await fs.stat(where(store, name)).catch(() => null);
    if (stat) out.push({ name, modifiedMs: stat.mtimeMs });
  }
  return out;
}

/** The key id a stored file was sealed with. */
export async function storedKeyId(store: TipFileStore, name: string): Promise<string | null> {
  const handle = await fs.open(where(store, name), 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, 64, 0);
    return sealedFileKeyId(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
