// Stores pictures and videos once by content hash, with their caption, credit, alt text and
// rights, and logs who added or described each (media_log).
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { Metadata } from 'sharp';
import { AppError, type ErrorCode } from '../../errors.ts';
import { indexStoriesShowing } from '../search/index.ts';
import { nowIso, timeOrderedId, withTransaction, type Queryable } from '../../storage/index.ts';
import { mediaStore } from './media-store.ts';
import { makeRenditions } from './renditions.ts';
import { inspectVideo, scrubVideo, sniffVideo, VideoUnreadable } from './video-file.ts';

export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
/** A few minutes of broadcast-quality video; longer pieces belong on a video host, embedded. */
export const MAX_VIDEO_BYTES = 500 * 1024 * 1024;

/** Who added or described a library item, for its log. */
export interface MediaActor {
  id: string;
  name: string;
}

/** One line in the media library's append-only log. */
export async function logMedia(db: Queryable, actor: MediaActor, action: 'upload' | 'describe' | 'poster', mediaId: string, detail: string | null): Promise<void> {
  await db.insertInto('media_log').values({ id: timeOrderedId(), at: nowIso(), actor_id: actor.id, actor_name: actor.name, action, media_id: mediaId, detail }).execute();
}
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
export async function storeImage(db: Queryable, mediaDir: string, bytes: Buffer, meta: ImageMetadata, by?: MediaActor): Promise<string> {
  if (bytes.length === 0) throw new ImageRejectedError('IMAGE_EMPTY', 'The image is empty.');
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new ImageRejectedError('IMAGE_TOO_LARGE', `The image is ${bytes.length} bytes; the limit is ${MAX_IMAGE_BYTES}.`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const existing = await db.selectFrom('media').select('id').where('sha256', '=', sha256).executeTakeFirst();
  if (existing) return reworded(db, existing.id, meta, by);

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
  await mediaStore(mediaDir).write(originalPath, bytes);
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
        bytes: bytes.length,
      })
      .execute();
    await tx
      .insertInto('media_renditions')
      .values(renditions.map((r) => ({ media_id: id, ...r })))
      .execute();
    if (by) await logMedia(tx, by, 'upload', id, `${kind.mime}, ${size.width}×${size.height}`);
  });
  return id;
}

const wordsOf = (meta: ImageMetadata) => ({ caption: meta.caption ?? null, credit: meta.credit ?? null, alt_text: meta.altText ?? null, rights: meta.rights ?? null });

/** The same file sent again is stored once: it takes the words sent with it. */
async function reworded(db: Queryable, id: string, meta: ImageMetadata, by: MediaActor | undefined): Promise<string> {
  await withTransaction(db, async (tx) => {
    await tx.updateTable('media').set(wordsOf(meta)).where('id', '=', id).execute();
    if (by) await logMedia(tx, by, 'upload', id, 'the same file again: its words replaced');
    await indexStoriesShowing(tx, id);
  });
  return id;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const VIDEO_TYPES = { mp4: { mime: 'video/mp4', ext: 'mp4' }, webm: { mime: 'video/webm', ext: 'webm' } } as const;

/**
 * Stores an uploaded video from the file it was streamed to (which this takes over: moved into
 * place or removed). The type is read from the bytes; metadata that can carry the place it was
 * shot is neutralised before it is served; the same file twice is stored once.
 */
export async function storeVideo(db: Queryable, mediaDir: string, upload: string, meta: ImageMetadata, by?: MediaActor): Promise<string> {
  try {
    const { size } = await fs.stat(upload);
    if (size === 0) throw new ImageRejectedError('VIDEO_EMPTY', 'The video is empty.');
    if (size > MAX_VIDEO_BYTES) throw new ImageRejectedError('VIDEO_TOO_LARGE', `The video is ${size} bytes; the limit is ${MAX_VIDEO_BYTES}.`);
    const file = await fs.open(upload, 'r+');
    let facts;
    try {
      const head = Buffer.alloc(64);
      await file.read(head, 0, 64, 0);
      const container = sniffVideo(head);
      if (!container) throw new ImageRejectedError('VIDEO_FORMAT_UNSUPPORTED', 'Send the video as MP4 or WebM.');
      facts = await inspectVideo(file, size, container);
      await scrubVideo(file, facts.scrub);
    } catch (error) {
      if (error instanceof VideoUnreadable) throw new ImageRejectedError('VIDEO_UNREADABLE', `The file is not a whole video (${error.message}).`);
      throw error;
    } finally {
      await file.close();
    }
    const sha256 = await sha256Of(upload);
    const existing = await db.selectFrom('media').select('id').where('sha256', '=', sha256).executeTakeFirst();
    if (existing) return reworded(db, existing.id, meta, by);
    const kind = VIDEO_TYPES[facts.container];
    const videoPath = `video/${sha256}.${kind.ext}`;
    await mediaStore(mediaDir).adopt(videoPath, upload);
    const id = randomUUID();
    await withTransaction(db, async (tx) => {
      await tx
        .insertInto('media')
        .values({ id, sha256, kind: 'video', mime: kind.mime, width: facts.width, height: facts.height, original_path: videoPath, ...wordsOf(meta), created_at: nowIso(), poster_media_id: null, bytes: size })
        .execute();
      if (by) await logMedia(tx, by, 'upload', id, `${kind.mime}, ${facts.width}×${facts.height}, ${(size / 1024 / 1024).toFixed(1)} MB`);
    });
    return id;
  } finally {
    await fs.rm(upload, { force: true });
  }
}

/** The picture a video shows before it plays (stored as any picture is). */
export async function setVideoPoster(db: Queryable, videoId: string, posterId: string, by: MediaActor): Promise<void> {
  await withTransaction(db, async (tx) => {
    const video = await tx.selectFrom('media').select(['id', 'kind']).where('id', '=', videoId).executeTakeFirst();
    if (!video) throw new AppError('MEDIA_NOT_FOUND', 'There is no such item in the library.');
    if (video.kind !== 'video') throw new AppError('MEDIA_NOT_VIDEO', 'Only a video has a poster picture.');
    const poster = await tx.selectFrom('media').select('kind').where('id', '=', posterId).executeTakeFirst();
    if (poster?.kind !== 'image') throw new AppError('MEDIA_NOT_FOUND', 'The poster must be a picture.');
    await tx.updateTable('media').set({ poster_media_id: posterId }).where('id', '=', videoId).execute();
    await logMedia(tx, by, 'poster', videoId, null);
  });
}

/** The first bytes of the picture formats sharp is asked to read. */
function looksLikeImage(head: Buffer): boolean {
  return (
    (head[0] === 0xff && head[1] === 0xd8) ||
    head.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) ||
    head.toString('latin1', 0, 4) === 'GIF8' ||
    (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') ||
    head.toString('latin1', 4, 12).startsWith('ftypheic') ||
    head.toString('latin1', 4, 12).startsWith('ftypmif1')
  );
}

/**
 * A file streamed to disk from the library's upload form, a picture or a video as its bytes say
 * (never its name). The file is taken over: moved into the library or removed.
 */
export async function storeUploadedFile(db: Queryable, mediaDir: string, upload: string, meta: ImageMetadata, by: MediaActor, accept: 'image' | 'any' = 'any'): Promise<{ id: string; kind: 'image' | 'video' }> {
  let head: Buffer;
  let size: number;
  try {
    const file = await fs.open(upload, 'r');
    try {
      head = Buffer.alloc(64);
      await file.read(head, 0, 64, 0);
      size = (await file.stat()).size;
    } finally {
      await file.close();
    }
    const video = sniffVideo(head);
    if (video && !looksLikeImage(head) && accept === 'image') throw new ImageRejectedError('UPLOAD_TYPE_UNSUPPORTED', 'This needs a picture (JPEG, PNG, WebP or GIF), not a video.');
    if (video && !looksLikeImage(head)) return { id: await storeVideo(db, mediaDir, upload, meta, by), kind: 'video' };
    if (!looksLikeImage(head)) throw new ImageRejectedError('UPLOAD_TYPE_UNSUPPORTED', 'The file is neither a picture (JPEG, PNG, WebP, GIF) nor a video (MP4, WebM).');
    if (size > MAX_IMAGE_BYTES) throw new ImageRejectedError('IMAGE_TOO_LARGE', `The picture is ${(size / 1024 / 1024).toFixed(1)} MB; the limit for a picture is ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`);
    return { id: await storeImage(db, mediaDir, await fs.readFile(upload), meta, by), kind: 'image' };
  } finally {
    await fs.rm(upload, { force: true });
  }
}
