// The reader's search (/search, the header's form) and the OpenSearch description browsers use
// to offer it. Search pages are never cached per query here: each is a few milliseconds of
// index work, and the words people type are theirs (no-store).
import type { FastifyReply } from 'fastify';
import { AppError } from '../../errors.ts';
import { findAuthorBySlug } from '../../modules/authors/index.ts';
import { searchStories } from '../../modules/search/index.ts';
import { loadCards } from '../../modules/stories/index.ts';
import { findTopicBySlug, listAllTopics } from '../../modules/topics/index.ts';
import { xmlText } from '../feeds/feed-items.ts';
import { renderDocument } from '../views/layout.tsx';
import { SearchPage, searchHref, type SearchForm, type SearchPageProps, type SearchResult } from '../views/search.tsx';
import { absoluteUrl } from '../views/urls.ts';
import { defineArea } from '../areas.ts';

const PAGE_SIZE = 20;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A query parameter as one string: a repeated one counts once, anything else is empty. */
function one(value: unknown, max = 1_000): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.slice(0, max) : '';
}

function formOf(query: Record<string, unknown>): SearchForm & { after: string } {
  const slug = (v: unknown) => (SLUG.test(one(v, 120)) ? one(v, 120) : '');
  return {
    // Ten kilobytes typed into the box are read as their first thousand characters.
    q: one(query.q, 10_240).trim(),
    sort: one(query.sort) === 'newest' ? 'newest' : 'relevance',
    topic: slug(query.topic),
    author: slug(query.author),
    from: one(query.from, 10),
    to: one(query.to, 10),
    after: one(query.after, 400),
  };
}

export const area = defineArea('search', async (app) => {
  const send = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(node));

  app.get('/search', async (request, reply) => {
    const { after, ...form } = formOf(request.query as Record<string, unknown>);
    const [ctx, topics, topic, author] = await Promise.all([
      app.site.load(app.db),
      listAllTopics(app.db),
      form.topic ? findTopicBySlug(app.db, form.topic) : null,
      form.author ? findAuthorBySlug(app.db, form.author) : null,
    ]);
    const page = { ctx, form, topics, authorName: author?.name ?? null, results: null as SearchResult[] | null, next: null as string | null, paged: after !== '', capped: false, window: 0, message: null as SearchPageProps['message'] };
    if (form.topic && !topic) page.message = { code: 'TOPIC_NOT_FOUND', text: `There is no topic “${form.topic}”; every topic was searched.` };
    if (form.author && !author) page.message = { code: 'AUTHOR_NOT_FOUND', text: `There is no author “${form.author}”; every author was searched.` };
    if (!form.q) return send(reply, <SearchPage {...page} />);
    try {
      const found = await searchStories(app.db, form.q, {
        audience: 'reader',
        sort: form.sort,
        topicSlug: topic ? form.topic : undefined,
        authorSlug: author ? form.author : undefined,
        fromDay: form.from || undefined,
        toDay: form.to || undefined,
        cursor: after || undefined,
        limit: PAGE_SIZE,
      });
      if (!found.ok) {
        page.message = { code: found.code, text: found.code === 'SEARCH_ONLY_EXCLUDED' ? 'Add a word to look for: a minus sign only leaves words out.' : 'Type a word or two to look for.' };
        return send(reply, <SearchPage {...page} />);
      }
      const cards = new Map((await loadCards(app.db, found.hits.map((h) => h.storyId))).map((c) => [c.id, c]));
      page.results = found.hits.flatMap((hit) => {
        const card = cards.get(hit.storyId);
        return card ? [{ hit, card }] : [];
      });
      page.next = found.next ? searchHref(form, { after: found.next }) : null;
      page.capped = found.capped;
      page.window = found.window;
      return send(reply, <SearchPage {...page} />);
    } catch (error) {
      if (!(error instanceof AppError) || !error.code.startsWith('SEARCH_')) throw error;
      page.message = { code: error.code, text: error.message };
      return send(reply, <SearchPage {...page} />, error.status);
    }
  });

  // https://github.com/dewitt/opensearch: the description a browser reads to add the site's search.
  app.get('/opensearch.xml', async (_request, reply) => {
    const { settings } = await app.site.load(app.db);
    const base = app.config.publicUrl;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>${xmlText(settings.siteName.slice(0, 16))}</ShortName>
  <Description>${xmlText(`Search the stories of ${settings.siteName}`)}</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Language>${xmlText(settings.language)}</Language>
  <Url type="text/html" method="get" template="${xmlText(absoluteUrl(base, '/search'))}?q={searchTerms}"/>
  <Url type="application/opensearchdescription+xml" rel="self" template="${xmlText(absoluteUrl(base, '/opensearch.xml'))}"/>
</OpenSearchDescription>
`;
    return reply.header('content-type', 'application/opensearchdescription+xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(xml);
  });
});
