// A library item as readers see it: a picture at several sizes, or a video with its poster
// picture and the browser's own controls (nothing loads until the reader presses play).
import type { MediaView } from '../../../modules/media/index.ts';
import { mediaPath } from '../urls.ts';
import { pickRendition, Picture } from './picture.tsx';

export function VideoPlayer(props: { media: MediaView }) {
  const { media } = props;
  if (!media.video) return null;
  const poster = pickRendition(media, 960);
  return (
    <video
      class="video-player"
      controls
      playsInline
      preload={poster ? 'none' : 'metadata'}
      width={media.width}
      height={media.height}
      {...(poster ? { poster: mediaPath(poster.path) } : {})}
      {...(media.altText ? { 'aria-label': media.altText } : {})}
    >
      <source src={mediaPath(media.video.path)} type={media.video.mime} />
      <a href={mediaPath(media.video.path)}>Download the video</a>
    </video>
  );
}

export function MediaShown(props: { media: MediaView; sizes: string; eager?: boolean; fallbackWidth?: number }) {
  if (props.media.kind === 'video') return <VideoPlayer media={props.media} />;
  return <Picture media={props.media} sizes={props.sizes} {...(props.eager ? { eager: true } : {})} {...(props.fallbackWidth ? { fallbackWidth: props.fallbackWidth } : {})} />;
}

/** Caption and credit under a picture or video, when it has either. */
export function MediaCaption(props: { media: MediaView }) {
  const { caption, credit } = props.media;
  if (!caption && !credit) return null;
  return (
    <figcaption>
      {caption ? <span class="caption">{caption}</span> : null}
      {credit ? <span class="credit">{credit}</span> : null}
    </figcaption>
  );
}

/** A library item as the desk's editor shows it: kind, a small picture, its words. */
export function mediaPreview(media: MediaView): { kind: 'image' | 'video'; thumb: string | null; caption: string | null; altText: string | null } {
  const thumb = pickRendition(media, 320);
  return { kind: media.kind, thumb: thumb ? mediaPath(thumb.path) : null, caption: media.caption, altText: media.altText };
}
