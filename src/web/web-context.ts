import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { siteRevision } from '../modules/settings/index.ts';
import { threadStamp as loadThreadStamp } from '../modules/comments/index.ts';
import { findStoryStamp, latestContentStamp, type StoryStamp } from '../modules/stories/index.ts';
import { sendPage } from './send-page.ts';
import type { ViewContext } from './views/context.ts';

/**
 * What route plugins share: the root Fastify instance, on which each service in web/services/
 * has put itself (app.db, app.cache, app.conversation, …). A new service declares its own field.
 */
export type WebContext = FastifyInstance;

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
  contentType?: string;
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
