// Sitemaps and robots.txt: an index naming the news sitemap, the topic and author sitemaps and one
// story sitemap per month (split past 50,000 stories), all cached against the newest change to any
// story; the news sitemap also against the hour, since its two-day window moves with the clock.
import { NotFoundError } from '../../errors.ts';
import { newsSitemapStories, SITEMAP_LIMIT, sitemapListPages, sitemapMonths, sitemapStories } from '../../modules/stories/index.ts';
import { defineArea } from '../areas.ts';
import { newsSitemap, pageSitemap, sitemapIndex, storySitemap } from '../sitemaps.ts';
import { absoluteUrl, authorPath, topicPath } from '../views/urls.ts';
import { cachedPage, contentStamp } from '../web-context.ts';

const XML = 'application/xml; charset=utf-8';
const PART = '^\\d{4}-(?:0[1-9]|1[0-2])(?:-[2-9]|-[1-9]\\d+)?$';

/** The story sitemaps of a month: one file per 50,000 stories. */
const monthParts = (month: string, stories: number) => Array.from({ length: Math.ceil(stories / SITEMAP_LIMIT) }, (_, i) => (i === 0 ? month : `${month}-${i + 1}`));

export const area = defineArea('sitemaps', async (app) => {
  const xml = (body: string, lastModified: string | null = null) => ({ status: 200, body: Buffer.from(body), lastModified, contentType: XML });

  app.get('/sitemap.xml', async (request, reply) => {
    await cachedPage(app, request, reply, 'sitemap:index', await contentStamp(app), async (ctx) => {
      const months = await sitemapMonths(app.db);
      const at = (path: string) => absoluteUrl(ctx.publicUrl, path);
      const newest = months.reduce<string | null>((max, m) => (max === null || m.modifiedAt > max ? m.modifiedAt : max), null);
      return xml(
        sitemapIndex([
          { url: at('/sitemaps/news.xml'), modifiedAt: newest },
          { url: at('/sitemaps/topics.xml'), modifiedAt: null },
          { url: at('/sitemaps/authors.xml'), modifiedAt: null },
          ...months.flatMap((m) => monthParts(m.month, m.stories).map((part) => ({ url: at(`/sitemaps/stories/${part}.xml`), modifiedAt: m.modifiedAt }))),
        ]),
      );
    });
    return reply;
  });

  app.get('/sitemaps/news.xml', async (request, reply) => {
    const hour = new Date().toISOString().slice(0, 13);
    await cachedPage(app, request, reply, 'sitemap:news', `${await contentStamp(app)}|${hour}`, async (ctx) =>
      xml(newsSitemap(await newsSitemapStories(app.db), ctx.publicUrl, { name: ctx.settings.siteName, language: ctx.settings.language })),
    );
    return reply;
  });

  app.get<{ Params: { part: string } }>('/sitemaps/stories/:part.xml', { schema: { params: { type: 'object', properties: { part: { type: 'string', pattern: PART } }, required: ['part'] } } }, async (request, reply) => {
    const { part } = request.params;
    const [, month = '', page = '1'] = /^(\d{4}-\d{2})(?:-(\d+))?$/.exec(part) ?? [];
    const sent = await cachedPage(app, request, reply, `sitemap:stories:${part}`, await contentStamp(app), async (ctx) => {
      const stories = await sitemapStories(app.db, month, Number(page));
      return stories.length > 0 ? xml(storySitemap(stories, ctx.publicUrl)) : null;
    });
    if (!sent) throw new NotFoundError();
    return reply;
  });

  for (const kind of ['topic', 'author'] as const) {
    app.get(`/sitemaps/${kind}s.xml`, async (request, reply) => {
      await cachedPage(app, request, reply, `sitemap:${kind}s`, await contentStamp(app), async (ctx) => {
        const pages = await sitemapListPages(app.db, kind);
        return xml(pageSitemap(pages.map((p) => ({ url: absoluteUrl(ctx.publicUrl, kind === 'topic' ? topicPath(p.slug) : authorPath(p.slug)), modifiedAt: p.modifiedAt }))));
      });
      return reply;
    });
  }

  // Everything readers see may be crawled; the desk, accounts and forms may not.
  app.get('/robots.txt', async (_request, reply) => {
    const { publicUrl } = app.config;
    const lines = ['User-agent: *', 'Allow: /', 'Disallow: /desk', 'Disallow: /account', 'Disallow: /ingest', 'Disallow: /*/comment$', '', `Sitemap: ${absoluteUrl(publicUrl, '/sitemap.xml')}`, ''];
    return reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(lines.join('\n'));
  });
});
