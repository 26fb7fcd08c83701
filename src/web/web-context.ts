import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { siteRevision } from '../modules/settings/index.ts';
import type { BruteForceGuard } from '../modules/accounts/index.ts';
import type { EventBus } from '../modules/events/index.ts';
import type { Mailer } from '../modules/notify/index.ts';
import type { Asset } from './assets.ts';
import { threadStamp as loadThreadStamp, type Conversation } from '../modules/comments/index.ts';
import { findStoryStamp, latestContentStamp, type StoryStamp } from '../modules/stories/index.ts';
import type { Db } from '../storage/index.ts';
import type { LiveComments } from './live-comments.tsx';
import type { PageCache } from './page-cache.ts';
import { sendPage } from './send-page.ts';
import type { SiteContext } from './site-context.ts';
import type { StampCache } from './stamp-cache.ts';
import type { ViewContext } from './views/context.ts';

/** What route plugins share: the database, the page cache and the site context. */
export interface WebContext {
  config: Config;
  db: Db;
  cache: PageCache;
  site: SiteContext;
  storyStamps: StampCache<StoryStamp | null>;
  contentStamps: StampCache<string>;
  conversation: Conversation;
  live: LiveComments;
  /** Brute-force limits on sign-in and password resets, shared by every process. */
  guard: BruteForceGuard;
  /** Domain events after commit: modules emit, subscribers (live updates, emails) listen. */
  events: EventBus;
  /** Where account emails go (SMTP or the file outbox). */
  mailer: Mailer;
  /** The stylesheet, scripts and icon, under their content-hashed names. */
  assets: Map<string, Asset>;
}

/** What the story's conversation looks like to readers now (counts, comments, mode). */
export function threadStamp(web: WebContext, storyId: string): Promise<string> {
  return web.contentStamps.get(`thread:${storyId}`, () => loadThreadStamp(web.db, storyId));
}

/** A story's stamp (or null when no story has the slug), reused for config.stampTtlMs. */
export function storyStamp(web: WebContext, slug: string): Promise<StoryStamp | null> {
  return web.storyStamps.get(slug, () => findStoryStamp(web.db, slug));
}

/** Changes to settings, sources and navigation (see bumpSiteRevision). */
export function siteStamp(web: WebContext): Promise<string> {
  return web.contentStamps.get('site', () => siteRevision(web.db));
}

/** The newest change to any story, and to the site: list pages are current while both hold. */
export async function contentStamp(web: WebContext): Promise<string> {
  const [content, site] = await Promise.all([web.contentStamps.get('all', () => latestContentStamp(web.db)), siteStamp(web)]);
  return `${content}|${site}`;
}

export interface RenderedPage {
  status: number;
  body: Buffer;
  lastModified: string | null;
}

/**
 * Serves the page under `key` from the cache while `stamp` is unchanged, else renders it once.
 * Resolves true once the page is sent; false when `render` had nothing to show (the caller then
 * answers 404). It does not resolve with the reply: a Fastify reply is thenable, and awaiting it
 * would wait for the response to finish and yield undefined.
 */
export async function cachedPage(
  web: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  stamp: string,
  render: (ctx: ViewContext, site: string) => Promise<RenderedPage | null>,
): Promise<boolean> {
  const page = await web.cache.getOrRender(key, stamp, async () => {
    // The site's stamp keys the parts a page is built from (cards, the story, the thread).
    const site = await siteStamp(web);
    return render(await web.site.load(web.db, site), site);
  });
  if (!page) return false;
  sendPage(request, reply, page);
  return true;
}
