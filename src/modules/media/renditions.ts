// Responsive renditions: a few widths in WebP and JPEG, never wider than the original.
import { mediaStore } from './media-store.ts';

export const RENDITION_WIDTHS = [320, 640, 960, 1280, 1600] as const;
export type RenditionFormat = 'jpeg' | 'webp';

export interface RenditionFile {
  format: RenditionFormat;
  width: number;
  height: number;
  /** Relative to the media directory, with forward slashes (used in URLs). */
  path: string;
  bytes: number;
}

export function renditionWidths(originalWidth: number): number[] {
  const widths: number[] = RENDITION_WIDTHS.filter((w) => w < originalWidth);
  // Always offer the original width (capped at the largest) so nothing is upscaled or lost.
  const top = Math.min(originalWidth, RENDITION_WIDTHS.at(-1) ?? originalWidth);
  if (!widths.includes(top)) widths.push(top);
  return widths;
}

export async function makeRenditions(
  original: Buffer,
  size: { width: number; height: number },
  mediaDir: string,
  baseName: string,
): Promise<RenditionFile[]> {
  const { default: sharp } = await import('sharp');
  const store = mediaStore(mediaDir);
  const results: RenditionFile[] = [];
  for (const width of renditionWidths(size.width)) {
    const height = Math.round((size.height * width) / size.width);
    for (const format of ['webp', 'jpeg'] as const) {
      const pipeline = sharp(original).rotate().resize({ width, height, fit: 'fill' });
      const data =
        format === 'webp'
          ? await pipeline.webp({ quality: 78 }).toBuffer()
          : await pipeline.jpeg({ quality: 80, mozjpeg: true, progressive: true }).toBuffer();
      const name = `${baseName}-${width}.${format === 'jpeg' ? 'jpg' : 'webp'}`;
      await store.write(`r/${name}`, data);
      results.push({ format, width, height, path: `r/${name}`, bytes: data.length });
    }
  }
  return results;
}
