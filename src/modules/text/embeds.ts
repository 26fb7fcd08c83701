// Video embeds in story bodies. A body never holds a third party's iframe: it holds a placeholder
// (`<figure data-embed="youtube" data-id="…">`) that the reader page turns into a click-to-load
// facade, so nothing is fetched from YouTube or Vimeo until a reader asks to play.

export type EmbedProvider = 'youtube' | 'vimeo';

export interface VideoEmbed {
  provider: EmbedProvider;
  id: string;
  /** Vimeo's privacy hash of an unlisted video. */
  hash?: string | undefined;
}

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com', 'youtube-nocookie.com', 'www.youtube-nocookie.com']);
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{1,12}$/;
const VIMEO_HASH = /^[0-9a-f]{6,20}$/;

function parseUrl(value: string): URL | null {
  try {
    const url = new URL(value.trim().startsWith('//') ? `https:${value.trim()}` : value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** The YouTube or Vimeo video an address points at (a watch page, a short link or a player), or null. */
export function videoEmbedFromUrl(value: string): VideoEmbed | null {
  const url = parseUrl(value);
  if (!url) return null;
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean);
  if (host === 'youtu.be') return YOUTUBE_ID.test(parts[0] ?? '') ? { provider: 'youtube', id: parts[0]! } : null;
  if (YOUTUBE_HOSTS.has(host)) {
    const id = parts[0] === 'watch' ? url.searchParams.get('v') : ['embed', 'shorts', 'live', 'v'].includes(parts[0] ?? '') ? parts[1] : null;
    return id && YOUTUBE_ID.test(id) ? { provider: 'youtube', id } : null;
  }
  if (host === 'player.vimeo.com' && parts[0] === 'video' && VIMEO_ID.test(parts[1] ?? '')) {
    const hash = url.searchParams.get('h') ?? undefined;
    return { provider: 'vimeo', id: parts[1]!, ...(hash && VIMEO_HASH.test(hash) ? { hash } : {}) };
  }
  if (host === 'vimeo.com' || host === 'www.vimeo.com') {
    // vimeo.com/ID, vimeo.com/ID/HASH, vimeo.com/channels/NAME/ID
    const at = parts.findIndex((p) => VIMEO_ID.test(p));
    if (at < 0) return null;
    const hash = parts[at + 1] && VIMEO_HASH.test(parts[at + 1]!) ? parts[at + 1] : (url.searchParams.get('h') ?? undefined);
    return { provider: 'vimeo', id: parts[at]!, ...(hash && VIMEO_HASH.test(hash) ? { hash } : {}) };
  }
  return null;
}

/** Where the facade loads the player once the reader asks (privacy-enhanced modes, autoplaying). */
export function embedPlayerUrl(embed: VideoEmbed): string {
  if (embed.provider === 'youtube') return `https://www.youtube-nocookie.com/embed/${embed.id}?autoplay=1&rel=0`;
  return `https://player.vimeo.com/video/${embed.id}?autoplay=1&dnt=1${embed.hash ? `&h=${embed.hash}` : ''}`;
}

/** The video's own page: where the facade's link goes when the page runs no script. */
export function embedWatchUrl(embed: VideoEmbed): string {
  if (embed.provider === 'youtube') return `https://www.youtube.com/watch?v=${embed.id}`;
  return `https://vimeo.com/${embed.id}${embed.hash ? `/${embed.hash}` : ''}`;
}

export const PROVIDER_NAMES: Record<EmbedProvider, string> = { youtube: 'YouTube', vimeo: 'Vimeo' };

/** The players' origins, for the reader pages' Content-Security-Policy frame-src. */
export const EMBED_FRAME_ORIGINS = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'] as const;

/** An http(s) address, normalised, or null: for links to embedded content the site cannot show. */
export function webUrl(value: string | undefined): string | null {
  const url = value ? parseUrl(value) : null;
  return url ? url.toString() : null;
}
