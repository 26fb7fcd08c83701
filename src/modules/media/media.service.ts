// Stores pictures once by content hash, with their caption, credit, alt text and rights.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Metadata } from 'sharp';
import { AppError, type ErrorCode } from '../../errors.ts';
import { nowIso, withTransaction, type Queryable } from '../../storage/index.ts';
import { makeRenditions, writeWhole } from './renditions.ts';

export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
const ACCEPTED: Record<string, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
  // A GIF is shown as its first frame.
  gif: { mime: 'image/gif', ext: 'gif' },
};

export interface ImageMetadata {
  caption?: string | null;
  credit?: string | null;
  altText?: string | null;
  rights?: string | null;
}

export class ImageRejectedError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
  }
}

/** Validates, stores and makes renditions of an image; returns the media id (existing one if seen before). */
export async function storeImage(db: Queryable, mediaDir: string, bytes: Buffer, meta: ImageMetadata): Promise<string> {
  if (bytes.length === 0) throw new ImageRejectedError('IMAGE_EMPTY', 'The image is empty.');
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new ImageRejectedError('IMAGE_TOO_LARGE', `The image is ${bytes.length} bytes; the limit is ${MAX_IMAGE_BYTES}.`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const existing = await db.selectFrom('media').select('id').where('sha256', '=', sha256).executeTakeFirst();
  if (existing) {
    await db
      .updateTable('media')
      .set({
        caption: meta.caption ?? null,
        credit: meta.credit ?? null,
        alt_text: meta.altText ?? null,
        rights: meta.rights ?? null,
      })
      .where('id', '=', existing.id)
      .execute();
    return existing.id;
  }

  // sharp (libvips) is loaded on first use: a process that never stores a picture never pays for it.
  const { default: sharp } = await import('sharp');
  let info: Metadata;
  try {
    info = await sharp(bytes).metadata();
  } catch {
    throw new ImageRejectedError('IMAGE_UNREADABLE', 'The file is not a readable image.');
  }
  const kind = info.format ? ACCEPTED[info.format] : undefined;
  if (!kind || !info.width || !info.height) {
    throw new ImageRejectedError('IMAGE_FORMAT_UNSUPPORTED', `Unsupported image format "${info.format ?? 'unknown'}"; send JPEG, PNG, WebP or GIF.`);
  }
  // EXIF orientations 5-8 swap width and height once rotated.
  const rotated = (info.orientation ?? 1) >= 5;
  const size = rotated ? { width: info.height, height: info.width } : { width: info.width, height: info.height };

  const originalPath = `originals/${sha256}.${kind.ext}`;
  await fs.mkdir(path.join(mediaDir, 'originals'), { recursive: true });
  await writeWhole(path.join(mediaDir, originalPath), bytes);
  const renditions = await makeRenditions(bytes, size, mediaDir, sha256.slice(0, 24));

  const id = randomUUID();
  // The picture and its renditions are recorded together, or not at all.
  await withTransaction(db, async (tx) => {
    await tx
      .insertInto('media')
      .values({
        id,
        sha256,
        mime: kind.mime,
        width: size.width,
        height: size.height,
        original_path: originalPath,
        caption: meta.caption ?? null,
        credit: meta.credit ?? null,
        alt_text: meta.altText ?? null,
        rights: meta.rights ?? null,
        created_at: nowIso(),
      })
      .execute();
    await tx
      .insertInto('media_renditions')
      .values(renditions.map((r) => ({ media_id: id, ...r })))
      .execute();
  });
  return id;
}
