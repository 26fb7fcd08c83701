import type { FastifyInstance } from 'fastify';
import { getStoryBySlug } from '../../modules/stories/index.ts';
import { NotFoundError } from '../../errors.ts';
import { renderDocument } from '../views/layout.tsx';
import { StoryPage, WithdrawnPage } from '../views/story.tsx';
import { slugParams } from './schemas.ts';
import { cachedPage, siteStamp, storyStamp, type WebContext } from '../web-context.ts';

export function storyRoutes(app: FastifyInstance, web: WebContext): void {
  app.get<{ Params: { slug: string } }>('/stories/:slug', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params;
    const [stamp, site] = await Promise.all([storyStamp(web, slug), siteStamp(web)]);
    // Held, embargoed and withheld stories do not exist for readers.
    if (!stamp || (stamp.status !== 'published' && stamp.status !== 'withdrawn')) throw new NotFoundError();
    const sent = await cachedPage(web, request, reply, `story:${slug}`, `${stamp.modifiedAt}|${site}`, async (ctx) => {
      const story = await getStoryBySlug(web.db, slug);
      if (!story || (story.status !== 'published' && story.status !== 'withdrawn')) return null;
      const withdrawn = story.status === 'withdrawn';
      return {
        status: withdrawn ? 410 : 200,
        body: renderDocument(withdrawn ? <WithdrawnPage story={story} ctx={ctx} /> : <StoryPage story={story} ctx={ctx} />),
        lastModified: story.modifiedAt,
      };
    });
    if (!sent) throw new NotFoundError();
    return reply;
  });
}
