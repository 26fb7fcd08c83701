import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../storage/index.ts';
import type { PageCache } from './page-cache.ts';
import { sendPage } from './send-page.ts';
import type { SiteContext } from './site-context.ts';
import type { ViewContext } from './views/context.ts';

/** What route plugins share: the database, the page cache and the site context. */
export interface WebContext {
  config: Config;
  db: Db;
  cache: PageCache;
  site: SiteContext;
}

export interface RenderedPage {
  status: number;
  body: Buffer;
  lastModified: string | null;
}

/**
 * Serves the page under `key` from the cache while `stamp` is unchanged, else renders it once.
 * `render` returns null when there is nothing to show (the caller then answers 404).
 */
export async function cachedPage(
  web: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  stamp: string,
  render: (ctx: ViewContext) => Promise<RenderedPage | null>,
): Promise<FastifyReply | null> {
  const hit = web.cache.get(key, stamp);
  if (hit) return sendPage(request, reply, hit);
  const page = await render(await web.site.load(web.db));
  if (!page) return null;
  return sendPage(request, reply, web.cache.set(key, { stamp, ...page }));
}
