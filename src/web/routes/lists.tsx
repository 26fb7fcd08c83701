// Home, topic and author pages: lists of stories, cached against the newest change to any story.
import { findAuthorBySlug, findAuthorRedirect } from '../../modules/authors/index.ts';
import { listStoryRefs, topicRailRefs, withHero, type CardRef } from '../../modules/stories/index.ts';
import { cardList, renderCards, type CardStyle } from '../story-cards.tsx';
import { findTopicById, findTopicBySlug, listChildTopics } from '../../modules/topics/index.ts';
import { NotFoundError } from '../../errors.ts';
import { renderDocument } from '../views/layout.tsx';
import { AuthorPage, HomePage, TopicPage, type TopicRail } from '../views/pages.tsx';
import { authorPath } from '../views/urls.ts';
import { pageQuery, slugParams } from './schemas.ts';
import { cachedPage, contentStamp } from '../web-context.ts';
import { defineArea } from '../areas.ts';

const PAGE_SIZE = 20;
const LATEST_COUNT = 10;
const RAIL_COUNT = 4;
/** The lead is picked from this many of the newest stories. */
const LEAD_WINDOW = 6;

type ListRequest = { Params: { slug: string }; Querystring: { before?: string } };

export const area = defineArea('lists', async (app) => {
  app.get('/', async (request, reply) => {
    const stamp = await contentStamp(app);
    await cachedPage(app, request, reply, 'home', stamp, async (ctx, site) => {
      // Two reads of references (the latest stories; every section's rail in one union), then
      // only the cards not already rendered under their story's stamp.
      const [latest, byTopic] = await Promise.all([
        listStoryRefs(app.db, { kind: 'all' }, { limit: LATEST_COUNT + LEAD_WINDOW }),
        topicRailRefs(
          app.db,
          ctx.nav.map((t) => t.id),
          RAIL_COUNT,
        ),
      ]);
      // The lead is the newest story with a photo among the latest few, so the page opens on a picture.
      const window = latest.items.slice(0, LEAD_WINDOW);
      const pictured = await withHero(
        app.db,
        window.map((r) => r.id),
      );
      const lead = window.find((r) => pictured.has(r.id)) ?? latest.items[0] ?? null;
      const rest = latest.items.filter((r) => r.id !== lead?.id).slice(0, LATEST_COUNT);
      const railRefs = ctx.nav.map((topic) => ({ topic, refs: byTopic.get(topic.id) ?? [] }));
      const html = await renderCards(app, ctx, site, [
        ...(lead ? [{ ref: lead, style: 'lead' as const }] : []),
        ...rest.map((ref) => ({ ref, style: 'text-h3' as const })),
        ...railRefs.flatMap((rail) => rail.refs.map((ref) => ({ ref, style: 'picture-h3' as const }))),
      ]);
      const cards = (refs: CardRef[], style: CardStyle) => refs.flatMap((r) => html.get(`${style}:${r.id}`) ?? []);
      const rails: TopicRail[] = railRefs.flatMap((rail) => {
        const list = cards(rail.refs, 'picture-h3');
        return list.length > 0 ? [{ topic: rail.topic, cards: list }] : [];
      });
      return {
        status: 200,
        body: renderDocument(<HomePage ctx={ctx} lead={lead ? (html.get(`lead:${lead.id}`) ?? null) : null} latest={cards(rest, 'text-h3')} rails={rails} />),
        lastModified: null,
      };
    });
    return reply;
  });

  app.get<ListRequest>('/topics/:slug', { schema: { params: slugParams, querystring: pageQuery } }, async (request, reply) => {
    const { slug } = request.params;
    const before = request.query.before ?? null;
    const stamp = await contentStamp(app);
    const sent = await cachedPage(app, request, reply, `topic:${slug}:${before ?? ''}`, stamp, async (ctx, site) => {
      const topic = await findTopicBySlug(app.db, slug);
      if (!topic) return null;
      const [page, parent, children] = await Promise.all([
        listStoryRefs(app.db, { kind: 'topic', topicId: topic.id }, { limit: PAGE_SIZE, cursor: before }),
        topic.parentId ? findTopicById(app.db, topic.parentId) : null,
        listChildTopics(app.db, topic.id),
      ]);
      return {
        status: 200,
        body: renderDocument(
          <TopicPage ctx={ctx} topic={topic} parent={parent} children={children} stories={await cardList(app, ctx, site, page.items, 'picture-h2')} next={page.next} paged={before !== null} />,
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
    const stamp = await contentStamp(app);
    const sent = await cachedPage(app, request, reply, `author:${slug}:${before ?? ''}`, stamp, async (ctx, site) => {
      const author = await findAuthorBySlug(app.db, slug);
      if (!author) return null;
      const page = await listStoryRefs(app.db, { kind: 'author', authorId: author.id }, { limit: PAGE_SIZE, cursor: before });
      const stories = await cardList(app, ctx, site, page.items, 'picture-h3');
      return {
        status: 200,
        body: renderDocument(<AuthorPage ctx={ctx} author={author} stories={stories} next={page.next} paged={before !== null} />),
        lastModified: null,
      };
    });
    if (!sent) {
      // A staff member changed their page's address: the old one leads there.
      const moved = await findAuthorRedirect(app.db, slug);
      if (moved) return reply.redirect(authorPath(moved), 301);
      throw new NotFoundError();
    }
    return reply;
  });
});
