// The site's feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1, for the whole site, each topic and each
// author. Cached like any list page (against the newest change to any story), answered with
// validators so a reader's poll that finds nothing new costs a 304. Only published stories appear.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findAuthorBySlug } from '../../modules/authors/index.ts';
import { loadFeedStories, type ListScope } from '../../modules/stories/index.ts';
import { findTopicBySlug } from '../../modules/topics/index.ts';
import { NotFoundError } from '../../errors.ts';
import { defineArea } from '../areas.ts';
import { renderAtom } from '../feeds/atom.ts';
import { feedItem, type Feed } from '../feeds/feed-items.ts';
import { renderJsonFeed } from '../feeds/json-feed.ts';
import { renderRss } from '../feeds/rss.ts';
import type { ViewContext } from '../views/context.ts';
import { absoluteUrl, authorPath, feedPath, topicPath, type FeedFormat } from '../views/urls.ts';
import { cachedPage, contentStamp } from '../web-context.ts';
import { slugParams } from './schemas.ts';

/**
 * More than a busy news day brings between two hourly polls, with every item's full text
 * (Ghost sends 15, WordPress 10): a longer feed only makes every poll heavier.
 */
export const FEED_ITEMS = 20;

export const FEED_FORMATS: Record<FeedFormat, { type: string; render: (feed: Feed) => string }> = {
  rss: { type: 'application/rss+xml; charset=utf-8', render: renderRss },
  atom: { type: 'application/atom+xml; charset=utf-8', render: renderAtom },
  json: { type: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
};

export const area = defineArea('feeds', async (app) => {
  type Found = { scope: ListScope; title: string; description: string; home: string };

  async function serveFeed(request: FastifyRequest, reply: FastifyReply, key: string, format: FeedFormat, self: string, find: (ctx: ViewContext) => Promise<Found | null>) {
    const stamp = await contentStamp(app);
    const sent = await cachedPage(app, request, reply, `feed:${key}:${format}`, stamp, async (ctx) => {
      const found = await find(ctx);
      if (!found) return null;
      const stories = await loadFeedStories(app.db, found.scope, FEED_ITEMS);
      const feed: Feed = {
        title: found.title,
        description: found.description,
        home: absoluteUrl(ctx.publicUrl, found.home),
        self: absoluteUrl(ctx.publicUrl, self),
        language: ctx.settings.language,
        updated: stories[0]?.updatedAt ?? stories[0]?.publishedAt ?? new Date(0).toISOString(),
        items: stories.map((s) => feedItem(s, ctx)),
      };
      return { status: 200, body: Buffer.from(FEED_FORMATS[format].render(feed)), lastModified: stories[0] ? feed.updated : null, contentType: FEED_FORMATS[format].type };
    });
    if (!sent) throw new NotFoundError();
    return reply;
  }

  const site = async (ctx: ViewContext): Promise<Found> => ({ scope: { kind: 'all' }, title: ctx.settings.siteName, description: ctx.settings.tagline, home: '/' });
  for (const format of Object.keys(FEED_FORMATS) as FeedFormat[]) {
    const path = feedPath({ kind: 'all' }, format);
    app.get(path, (request, reply) => serveFeed(request, reply, 'site', format, path, site));
    app.get<{ Params: { slug: string } }>(`/topics/:slug.${format}`, { schema: { params: slugParams } }, (request, reply) => {
      const { slug } = request.params;
      return serveFeed(request, reply, `topic:${slug}`, format, feedPath({ kind: 'topic', slug }, format), async (ctx) => {
        const topic = await findTopicBySlug(app.db, slug);
        return topic ? { scope: { kind: 'topic', topicId: topic.id }, title: `${topic.name} | ${ctx.settings.siteName}`, description: `The latest ${topic.name} stories from ${ctx.settings.siteName}.`, home: topicPath(slug) } : null;
      });
    });
    app.get<{ Params: { slug: string } }>(`/authors/:slug.${format}`, { schema: { params: slugParams } }, (request, reply) => {
      const { slug } = request.params;
      return serveFeed(request, reply, `author:${slug}`, format, feedPath({ kind: 'author', slug }, format), async (ctx) => {
        const author = await findAuthorBySlug(app.db, slug);
        return author ? { scope: { kind: 'author', authorId: author.id }, title: `${author.name} | ${ctx.settings.siteName}`, description: `Stories by ${author.name} on ${ctx.settings.siteName}.`, home: authorPath(slug) } : null;
      });
    });
  }
  // The address many readers try first.
  app.get('/rss', (_request, reply) => reply.redirect('/feed', 301));
});
