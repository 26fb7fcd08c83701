// The site's share image: the picture that stands for a story without one of its own, in its
// JSON-LD (Google's Top Stories need an image) and its OpenGraph tags. 1200 × 675 in the
// station's colour with its logo, or its name in type; made once per look and named by a hash of
// what it shows, so it is cached for good and a new look is a new address.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { escapeHtml } from '../modules/text/index.ts';
import type { ViewContext } from './views/context.ts';

export const SHARE_WIDTH = 1200;
export const SHARE_HEIGHT = 675;
const DEFAULT_BRAND = '#0b3d91';

const lookOf = (ctx: Pick<ViewContext, 'settings' | 'logo'>) => JSON.stringify([ctx.settings.siteName, ctx.settings.brandColour || DEFAULT_BRAND, ctx.logo?.url ?? null]);

export function shareImagePath(ctx: Pick<ViewContext, 'settings' | 'logo'>): string {
  return `/assets/share.${createHash('sha1').update(lookOf(ctx)).digest('hex').slice(0, 10)}.png`;
}

let made: { path: string; body: Buffer } | null = null;

/** The image for the site's look now; the logo is read from the media directory. */
export async function shareImage(ctx: Pick<ViewContext, 'settings' | 'logo'>, mediaDir: string): Promise<{ path: string; body: Buffer }> {
  const wanted = shareImagePath(ctx);
  if (made?.path === wanted) return made;
  const { default: sharp } = await import('sharp');
  const colour = ctx.settings.brandColour || DEFAULT_BRAND;
  const name = escapeHtml(ctx.settings.siteName);
  const size = name.length > 24 ? 64 : 96;
  const background = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SHARE_WIDTH}" height="${SHARE_HEIGHT}"><rect width="100%" height="100%" fill="${colour}"/>` +
      (ctx.logo ? '' : `<text x="50%" y="50%" dominant-baseline="middle" text-anchor="middle" font-family="DejaVu Serif, Georgia, serif" font-weight="bold" font-size="${size}" fill="#ffffff">${name}</text>`) +
      '</svg>',
  );
  let image = sharp(background);
  if (ctx.logo) {
    const logo = await sharp(path.join(mediaDir, ctx.logo.url.replace(/^\/media\//, ''))).resize({ height: 240, width: 1000, fit: 'inside' }).toBuffer();
    image = image.composite([{ input: logo, gravity: 'center' }]);
  }
  made = { path: wanted, body: await image.png().toBuffer() };
  return made;
}

/** Whether a logo file exists (a media directory restored without it should not break pages). */
export async function logoReadable(mediaDir: string, url: string): Promise<boolean> {
  return fs.access(path.join(mediaDir, url.replace(/^\/media\//, ''))).then(
    () => true,
    () => false,
  );
}
