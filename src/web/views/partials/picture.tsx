import type { MediaView, Rendition } from '../../../modules/media/index.ts';
import { mediaPath } from '../urls.ts';

function srcset(renditions: Rendition[]): string {
  return renditions.map((r) => `${mediaPath(r.path)} ${r.width}w`).join(', ');
}

/** The JPEG nearest a target width: the fallback src for browsers that ignore srcset. */
export function pickRendition(media: MediaView, target: number, format: 'jpeg' | 'webp' = 'jpeg'): Rendition | undefined {
  const own = media.renditions.filter((r) => r.format === format);
  return own.find((r) => r.width >= target) ?? own.at(-1);
}

export function Picture(props: { media: MediaView; sizes: string; eager?: boolean; fallbackWidth?: number }) {
  const { media } = props;
  const webp = media.renditions.filter((r) => r.format === 'webp');
  const jpeg = media.renditions.filter((r) => r.format === 'jpeg');
  const fallback = pickRendition(media, props.fallbackWidth ?? 960);
  if (!fallback) return null;
  return (
    <picture>
      {webp.length > 0 ? <source type="image/webp" srcset={srcset(webp)} sizes={props.sizes} /> : null}
      <img
        src={mediaPath(fallback.path)}
        srcset={srcset(jpeg)}
        sizes={props.sizes}
        width={media.width}
        height={media.height}
        alt={media.altText ?? ''}
        loading={props.eager ? 'eager' : 'lazy'}
        decoding="async"
        {...(props.eager ? { fetchpriority: 'high' } : {})}
      />
    </picture>
  );
}
