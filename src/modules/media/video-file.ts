// What an uploaded video file is, read from its bytes: MP4 (ISO base media) or WebM (Matroska),
// its picture size, and where its metadata boxes are. Phones write the place a clip was shot into
// them; they are blanked in place (renamed to boxes players skip, their contents zeroed), so the
// served file keeps every frame, the same size and no GPS.
import type { FileHandle } from 'node:fs/promises';

export type VideoContainer = 'mp4' | 'webm';

export interface VideoFacts {
  container: VideoContainer;
  width: number;
  height: number;
  /** Metadata to blank: `bytes` written at `offset`, then zeros from `zeroFrom` to `zeroTo`. */
  scrub: Scrub[];
}

export interface Scrub {
  offset: number;
  bytes: Buffer;
  zeroFrom: number;
  zeroTo: number;
}

export class VideoUnreadable extends Error {}

/** Blanks the metadata found by inspectVideo, in place. */
export async function scrubVideo(file: FileHandle, scrub: readonly Scrub[]): Promise<void> {
  const zeros = Buffer.alloc(64 * 1024);
  for (const entry of scrub) {
    await file.write(entry.bytes, 0, entry.bytes.length, entry.offset);
    for (let at = entry.zeroFrom; at < entry.zeroTo; at += zeros.length) await file.write(zeros, 0, Math.min(zeros.length, entry.zeroTo - at), at);
  }
}

/** The container the first bytes say, or null for anything else. */
export function sniffVideo(head: Buffer): VideoContainer | null {
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') return 'mp4';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3 && head.subarray(0, 64).includes('webm')) return 'webm';
  return null;
}

async function readAt(file: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, offset);
  return buffer.subarray(0, bytesRead);
}

interface Box {
  type: string;
  start: number;
  /** Where the payload starts. */
  body: number;
  end: number;
}

/** The boxes between `start` and `end`; a box that claims to run past its parent means a damaged file. */
async function boxes(file: FileHandle, start: number, end: number): Promise<Box[]> {
  const found: Box[] = [];
  let at = start;
  while (at + 8 <= end && found.length < 10_000) {
    const head = await readAt(file, at, 16);
    if (head.length < 8) throw new VideoUnreadable('the file ends inside a box');
    let size = head.readUInt32BE(0);
    let body = at + 8;
    if (size === 1) {
      if (head.length < 16) throw new VideoUnreadable('the file ends inside a box');
      size = Number(head.readBigUInt64BE(8));
      body = at + 16;
    } else if (size === 0) size = end - at;
    if (size < body - at || at + size > end) throw new VideoUnreadable('a box runs past the end of the file');
    found.push({ type: head.toString('latin1', 4, 8), start: at, body, end: at + size });
    at += size;
  }
  return found;
}

async function inspectMp4(file: FileHandle, size: number): Promise<VideoFacts> {
  const top = await boxes(file, 0, size);
  const moov = top.find((b) => b.type === 'moov');
  if (top[0]?.type !== 'ftyp' || !moov) throw new VideoUnreadable('an MP4 file needs its ftyp and moov boxes');
  if (!top.some((b) => b.type === 'mdat')) throw new VideoUnreadable('the MP4 file holds no media data');
  let width = 0;
  let height = 0;
  const scrub: Scrub[] = [];
  for (const box of await boxes(file, moov.body, moov.end)) {
    // User data and metadata (title, maker, the place): a 'free' box is skipped by every player.
    if (box.type === 'udta' || box.type === 'meta') scrub.push({ offset: box.start + 4, bytes: Buffer.from('free', 'latin1'), zeroFrom: box.body, zeroTo: box.end });
    if (box.type !== 'trak' || width > 0) continue;
    const tkhd = (await boxes(file, box.body, box.end)).find((b) => b.type === 'tkhd');
    if (!tkhd || tkhd.end - tkhd.body < 84) continue;
    // The last 8 bytes of a track header are its width and height, 16.16 fixed point.
    const tail = await readAt(file, tkhd.end - 8, 8);
    const w = tail.readUInt32BE(0) >>> 16;
    const h = tail.readUInt32BE(4) >>> 16;
    if (w > 0 && h > 0) [width, height] = [w, h];
  }
  if (width === 0) throw new VideoUnreadable('the MP4 file has no video track');
  return { container: 'mp4', width, height, scrub };
}

/** A Matroska variable-length integer at `at` in `buffer`: its length and value (or null for "unknown"). */
function vint(buffer: Buffer, at: number, keepMarker: boolean): { length: number; value: number | null } | null {
  const first = buffer[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (at + length > buffer.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + buffer[at + i]!;
    if (buffer[at + i] !== 0xff) allOnes = false;
  }
  return { length, value: !keepMarker && allOnes ? null : value };
}

const EBML = { segment: 0x18538067, tracks: 0x1654ae6b, trackEntry: 0xae, video: 0xe0, pixelWidth: 0xb0, pixelHeight: 0xba, tags: 0x1254c367, cluster: 0x1f43b675 } as const;

async function inspectWebm(file: FileHandle, size: number): Promise<VideoFacts> {
  let width = 0;
  let height = 0;
  const scrub: Scrub[] = [];
  let seenCluster = false;
  // Walks the elements; `into` are those whose children are read, the rest are stepped over.
  const into = new Set<number>([EBML.segment, EBML.tracks, EBML.trackEntry, EBML.video]);
  const walk = async (start: number, end: number, depth: number): Promise<void> => {
    let at = start;
    for (let n = 0; at < end && n < 100_000; n++) {
      const head = await readAt(file, at, 16);
      const id = vint(head, 0, true);
      const length = id ? vint(head, id.length, false) : null;
      if (!id || id.value === null || !length) throw new VideoUnreadable('a WebM element cannot be read');
      const tag = id.value;
      const body = at + id.length + length.length;
      const elementEnd = length.value === null ? end : body + length.value;
      if (elementEnd > end) throw new VideoUnreadable('a WebM element runs past the end of the file');
      if (tag === EBML.cluster) seenCluster = true;
      if (tag === EBML.pixelWidth || tag === EBML.pixelHeight) {
        const bytes = await readAt(file, body, Math.min(8, elementEnd - body));
        const value = bytes.reduce((v, b) => v * 256 + b, 0);
        if (tag === EBML.pixelWidth && width === 0) width = value;
        if (tag === EBML.pixelHeight && height === 0) height = value;
      }
      // Tags (title, maker, place) become a Void element of the same size: one byte of ID, the
      // size field rewritten with the same width, and what was left over counted in the payload.
      if (tag === EBML.tags && length.value !== null && depth === 1) {
        const sizeWidth = length.length;
        const payload = elementEnd - (at + 1 + sizeWidth);
        if (payload >= 0 && payload < 2 ** (7 * sizeWidth) - 1) {
          const field = Buffer.alloc(1 + sizeWidth);
          field[0] = 0xec;
          let rest = payload;
          for (let i = sizeWidth; i >= 1; i--) {
            field[i] = rest % 256;
            rest = Math.floor(rest / 256);
          }
          field[1]! |= 0x80 >> (sizeWidth - 1);
          scrub.push({ offset: at, bytes: field, zeroFrom: at + field.length, zeroTo: elementEnd });
        }
      }
      if (into.has(tag)) await walk(body, elementEnd, depth + 1);
      if (length.value === null) return;
      at = elementEnd;
    }
  };
  const header = await readAt(file, 0, 16);
  const id = vint(header, 0, true);
  const length = id ? vint(header, id.length, false) : null;
  if (!id || !length || length.value === null) throw new VideoUnreadable('the WebM header cannot be read');
  await walk(id.length + length.length + length.value, size, 0);
  if (width === 0 || height === 0) throw new VideoUnreadable(seenCluster ? 'the WebM file has no video track' : 'the WebM file holds no media data');
  return { container: 'webm', width, height, scrub };
}

/** Reads what the file is; throws VideoUnreadable for a file that is not a whole MP4 or WebM video. */
export async function inspectVideo(file: FileHandle, size: number, container: VideoContainer): Promise<VideoFacts> {
  try {
    return container === 'mp4' ? await inspectMp4(file, size) : await inspectWebm(file, size);
  } catch (error) {
    if (error instanceof VideoUnreadable) throw error;
    throw new VideoUnreadable('the file cannot be read as a video');
  }
}
