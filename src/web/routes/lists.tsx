// Home, topic and author pages: lists of stories, cached against the newest change to any story.
import { findAuthorBySlug } from '../../modules/authors/index.ts';
import { listStories, type StoryCard } from '../../modules/stories/index.ts';
import { findTopicById, findTopicBySlug, listChildTopics } from '../../modules/topics/index.ts';
import { NotFoundError } from '../../errors.ts';
import { renderDocument } from '../views/layout.tsx';
import { AuthorPage, HomePage, TopicPage, type TopicRail } from '../views/pages.tsx';
import { pageQuery, slugParams } from './schemas.ts';
import { cachedPage, contentStamp } from '../web-context.ts';
import { defineArea } from '../areas.ts';

const PAGE_SIZE = 20;
const LATEST_COUNT = 10;
const RAIL_COUNT = 4;

type ListRequest = { Params: { slug: string }; Querystring: { before?: string } };

export const area = defineArea('lists', async (app, { web }) => {
  app.get('/', async (request, reply) => {
    const stamp = await contentStamp(web);
    await cachedPage(web, request, reply, 'home', stamp, async (ctx) => {
      const latest = await listStories(web.db, { kind: 'all' }, { limit: LATEST_COUNT + 6 });
      // The lead is the newest story with a photo among the latest few, so the page opens on a picture.
      const lead: StoryCard | null = latest.items.slice(0, 6).find((s) => s.hero) ?? latest.items[0] ?? null;
      const rest = latest.items.filter((s) => s.id !== lead?.id).slice(0, LATEST_COUNT);
      const rails: TopicRail[] = [];
      for (const topic of ctx.nav) {
        const page = await listStories(web.db, { kind: 'topic', topicId: topic.id }, { limit: RAIL_COUNT });
        if (page.items.length > 0) rails.push({ topic, stories: page.items });
      }
      return {
        status: 200,
        body: renderDocument(<HomePage ctx={ctx} lead={lead} latest={rest} rails={rails} />),
        lastModified: null,
      };
    });
    return reply;
  });

  app.get<ListRequest>('/topics/:slug', { schema: { params: slugParams, querystring: pageQuery } }, async (request, reply) => {
    const { slug } = request.params;
    const before = request.query.before ?? null;
    const stamp = await contentStamp(web);
    const sent = await cachedPage(web, request, reply, `topic:${slug}:${before ?? ''}`, stamp, async (ctx) => {
      const topic = await findTopicBySlug(web.db, slug);
      if (!topic) return null;
      const [page, parent, children] = await Promise.all([
        listStories(web.db, { kind: 'topic', topicId: topic.id }, { limit: PAGE_SIZE, cursor: before }),
        topic.parentId ? findTopicById(web.db, topic.parentId) : null,
        listChildTopics(web.db, topic.id),
      ]);
      return {
        status: 200,
        body: renderDocument(
          <TopicPage ctx={ctx} topic={topic} parent={parent} children={children} stories={page.items} next={page.next} paged={before !== null} />,
        ),
        lastModified: null,
      };
    });
    if (!sent) throw new NotFoundError();
    return reply;
  });

  app.get<ListRequest>('/authors/:slug', { schema: { params: slugParams, querystring: pageQuery } }, async (request, reply) => {
    const { slug } = request.params;
    const before = request.query.before ?? null;
    const stamp = await contentStamp(web);
    const sent = await cachedPage(web, request, reply, `author:${slug}:${before ?? ''}`, stamp, async (ctx) => {
      const author = await findAuthorBySlug(web.db, slug);
      if (!author) return null;
      const page = await listStories(web.db, { kind: 'author', authorId: author.id }, { limit: PAGE_SIZE, cursor: before });
      return {
        status: 200,
        body: renderDocument(<AuthorPage ctx={ctx} author={author} stories={page.items} next={page.next} paged={before !== null} />),
        lastModified: null,
      };
    });
    if (!sent) throw new NotFoundError();
    return reply;
  });
});
