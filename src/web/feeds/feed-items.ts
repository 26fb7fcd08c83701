// What every feed format carries, made once from the site's stories: absolute addresses, the body
// as readers see it (library pictures and videos, video facades as links), the byline, the topic,
// and the hero picture with its caption and credit. The formats (rss.ts, atom.ts, json-feed.ts)
// only write it out.
import type { StoryView } from '../../modules/stories/index.ts';
import type { ViewContext } from '../views/context.ts';
import { pickRendition } from '../views/partials/picture.tsx';
import { bodyWithDateline } from '../views/story.tsx';
import { expandBody } from '../views/partials/story-body.tsx';
import { absoluteUrl, authorPath, mediaPath, storyPath } from '../views/urls.ts';
import { escapeHtml, htmlToText } from '../../modules/text/index.ts';

export interface FeedItem {
  /** Stable across updates and address changes: the story's id. */
  id: string;
  url: string;
  title: string;
  summary: string;
  html: string;
  published: string;
  updated: string;
  authors: { name: string; url: string }[];
  topics: string[];
  image: { url: string; type: string; width: number; height: number; caption: string | null; credit: string | null } | null;
}

export interface Feed {
  title: string;
  description: string;
  /** The page the feed follows, and the feed's own address (absolute). */
  home: string;
  self: string;
  language: string;
  updated: string;
  items: FeedItem[];
}

/** Root-relative addresses in rendered HTML made absolute: a feed reader has no page to resolve them against. */
export function absoluteHtml(html: string, publicUrl: string): string {
  const base = publicUrl.replace(/\/$/, '');
  return html
    .replace(/\b(src|href|poster)="\/(?!\/)/g, `$1="${base}/`)
    .replace(/\bsrcset="([^"]*)"/g, (_all, list: string) => `srcset="${list.replace(/(^|,\s*)\/(?!\/)/g, `$1${base}/`)}"`);
}

export function feedItem(story: StoryView, ctx: ViewContext): FeedItem {
  const hero = story.hero ? pickRendition(story.hero, 1200) : undefined;
  const body = expandBody(story.bodyHtml, story.bodyMedia);
  return {
    id: story.id,
    url: absoluteUrl(ctx.publicUrl, storyPath(story.slug)),
    title: story.headline,
    summary: story.standfirst ?? htmlToText(story.bodyHtml).slice(0, 300),
    html: absoluteHtml(bodyWithDateline(body, story.dateline), ctx.publicUrl) + (story.rightsLine ? `<p>${escapeHtml(story.rightsLine)}</p>` : ''),
    published: story.publishedAt,
    updated: story.updatedAt ?? story.publishedAt,
    authors: story.authors.map((a) => ({ name: a.name, url: absoluteUrl(ctx.publicUrl, authorPath(a.slug)) })),
    topics: [story.primaryTopic, ...story.topics].flatMap((t) => (t ? [t.name] : [])),
    image:
      hero && story.hero
        ? { url: absoluteUrl(ctx.publicUrl, mediaPath(hero.path)), type: 'image/jpeg', width: hero.width, height: hero.height, caption: story.hero.caption, credit: story.hero.credit }
        : null,
  };
}

/** Text for XML: escaped as for HTML, without the control characters XML 1.0 cannot hold at all. */
export function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return escapeHtml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}
