// The station's logo and icon: made once from an upload at the sizes pages use (the logo 96
// pixels high for the header at 2x, the icon square at 64 and 180 pixels for tabs and home
// screens), as PNG with transparency kept and no metadata, named by content hash.
import { createHash } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { mediaStore } from './media-store.ts';
import { MAX_IMAGE_BYTES } from './media.service.ts';

export interface SiteLogo {
  /** Relative to the media directory. */
  path: string;
  width: number;
  height: number;
}

export interface SiteIcon {
  small: string;
  touch: string;
}

async function readable(bytes: Buffer) {
  if (bytes.length === 0) throw new AppError('IMAGE_EMPTY', 'The picture is empty.');
  if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('IMAGE_TOO_LARGE', `The picture is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`);
  const { default: sharp } = await import('sharp');
  try {
    const meta = await sharp(bytes).metadata();
    if (!meta.width || !meta.height || !['jpeg', 'png', 'webp', 'gif', 'svg'].includes(meta.format ?? '')) throw new Error(meta.format);
  } catch {
    throw new AppError('IMAGE_UNREADABLE', 'The file is not a picture this site can read (JPEG, PNG, WebP, GIF or SVG).');
  }
  return sharp;
}

const hashOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 20);

export async function makeSiteLogo(mediaDir: string, bytes: Buffer): Promise<SiteLogo> {
  const sharp = await readable(bytes);
  const { data, info } = await sharp(bytes, { density: 300 }).rotate().resize({ height: 96, width: 800, fit: 'inside', withoutEnlargement: false }).png({ compressionLevel: 9 }).toBuffer({ resolveWithObject: true });
  const relative = `site/logo-${hashOf(data)}.png`;
  await mediaStore(mediaDir).write(relative, data);
  return { path: relative, width: info.width, height: info.height };
}

export async function makeSiteIcon(mediaDir: string, bytes: Buffer): Promise<SiteIcon> {
  const sharp = await readable(bytes);
  const store = mediaStore(mediaDir);
  const made: Record<number, string> = {};
  for (const size of [64, 180]) {
    // Square, the whole picture kept: transparent bars where it is not square.
    const data = await sharp(bytes, { density: 300 }).rotate().resize({ width: size, height: size, fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer();
    made[size] = `site/icon-${hashOf(data)}-${size}.png`;
    await store.write(made[size], data);
  }
  return { small: made[64]!, touch: made[180]! };
}
