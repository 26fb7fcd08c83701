// A stored body's placeholders (text/wire-html.ts) made into what readers see: library pictures
// and videos with their caption and credit, YouTube and Vimeo as a click-to-load facade (a link
// to the video that a small script turns into the player: no request to either until the reader
// asks), and a link for embedded content the site does not show.
import type { MediaView } from '../../../modules/media/index.ts';
import { embedPlayerUrl, embedWatchUrl, PROVIDER_NAMES, type VideoEmbed } from '../../../modules/text/index.ts';
import { renderFragment } from '../layout.tsx';
import { MediaCaption, MediaShown } from './media-shown.tsx';

const PLACEHOLDER = /<figure (data-[^>]*)><\/figure>/g;

function attributes(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(/([a-z-]+)="([^"]*)"/g)) {
    found[name!] = value!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  }
  return found;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

export function VideoFacade(props: { embed: VideoEmbed; title: string | undefined }) {
  const provider = PROVIDER_NAMES[props.embed.provider];
  return (
    <figure class="video-embed" data-player={embedPlayerUrl(props.embed)} data-title={props.title ?? `Video from ${provider}`}>
      <a class="video-embed__link" href={embedWatchUrl(props.embed)} rel="noopener">
        <span class="video-embed__play" aria-hidden="true" />
        <span class="video-embed__label">
          Play video{props.title ? `: ${props.title}` : ''} <span class="video-embed__provider">({provider})</span>
        </span>
      </a>
      <figcaption class="video-embed__note">Playing it loads {provider}’s player, which may set cookies.</figcaption>
    </figure>
  );
}

function EmbedLink(props: { url: string; title: string | undefined }) {
  return (
    <p class="embed-link">
      <a href={props.url} rel="noopener nofollow">
        {props.title ? `${props.title}: ` : 'Embedded content: '}
        view it on {hostOf(props.url)}
      </a>
    </p>
  );
}

function BodyMedia(props: { media: MediaView }) {
  return (
    <figure class={`body-figure${props.media.kind === 'video' ? ' body-figure--video' : ''}`}>
      <MediaShown media={props.media} sizes="(min-width: 800px) 760px, 100vw" fallbackWidth={960} />
      <MediaCaption media={props.media} />
    </figure>
  );
}

/** Does the body hold a video embed (the page then loads the facade's script)? */
export const hasVideoEmbed = (html: string) => /<figure data-embed="(?:youtube|vimeo)"/.test(html);

/** The body with each placeholder rendered; a library item that is gone leaves nothing. */
export function expandBody(html: string, media: Readonly<Record<string, MediaView>>): string {
  if (!html.includes('<figure data-')) return html;
  return html.replace(PLACEHOLDER, (_whole, text: string) => {
    const a = attributes(text);
    const item = a['data-media'] ? media[a['data-media']] : undefined;
    if (item) return renderFragment(<BodyMedia media={item} />);
    const kind = a['data-embed'];
    if ((kind === 'youtube' || kind === 'vimeo') && a['data-id']) return renderFragment(<VideoFacade embed={{ provider: kind, id: a['data-id'], hash: a['data-hash'] }} title={a['data-title']} />);
    if (kind === 'link' && a['data-url']) return renderFragment(<EmbedLink url={a['data-url']} title={a['data-title']} />);
    return '';
  });
}
