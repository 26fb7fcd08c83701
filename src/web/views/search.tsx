// The reader's search page: the form (words, sort, topic, dates), the results with the words
// found marked, the next page, and a "no results" page that helps. Every part of a headline or
// excerpt is text: Preact escapes it and only the <mark> around a hit is ours.
import type { ErrorCode } from '../../errors.ts';
import type { SearchHit, TextPart } from '../../modules/search/index.ts';
import type { StoryCard } from '../../modules/stories/index.ts';
import type { Topic } from '../../modules/topics/index.ts';
import type { ViewContext } from './context.ts';
import { Layout } from './layout.tsx';
import { TopicKicker } from './partials/kicker.tsx';
import { CardMeta, CardPicture } from './partials/story-card.tsx';
import { storyPath, topicPath } from './urls.ts';

export interface SearchForm {
  q: string;
  sort: 'relevance' | 'newest';
  topic: string;
  author: string;
  from: string;
  to: string;
}

export interface SearchResult {
  hit: SearchHit;
  card: StoryCard;
}

export interface SearchPageProps {
  ctx: ViewContext;
  form: SearchForm;
  topics: Topic[];
  /** The author filter's name, when the search is narrowed to one author. */
  authorName: string | null;
  /** null: nothing was searched for yet. */
  results: SearchResult[] | null;
  /** The query string of the next page, or null. */
  next: string | null;
  paged: boolean;
  /** More stories match than a search ranks (the newest `window` of them): say how to reach older ones. */
  capped: boolean;
  window: number;
  /** Why there are no results to show (a query with nothing to look for, a bad date), with its code. */
  message: { code: ErrorCode; text: string } | null;
}

function Marked(props: { parts: TextPart[] }) {
  return <>{props.parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : p.text))}</>;
}

/** This search's address with some of its fields changed (empty ones left out). */
export function searchHref(form: SearchForm, change: Partial<SearchForm> & { after?: string } = {}): string {
  const all: Record<string, string> = { ...form, ...change };
  const params = new URLSearchParams();
  for (const key of ['q', 'sort', 'topic', 'author', 'from', 'to', 'after']) {
    const value = all[key];
    if (value && !(key === 'sort' && value === 'relevance')) params.set(key, value);
  }
  return `/search?${params.toString()}`;
}

function Result(props: { result: SearchResult; timeZone: string }) {
  const { hit, card } = props.result;
  const excerpt = hit.excerpt;
  return (
    <article class="card search-result">
      <CardPicture story={card} sizes="(min-width: 760px) 200px, 100vw" />
      <div class="card__text">
        <TopicKicker topic={card.primaryTopic} />
        <h2 class="card__headline">
          <a href={storyPath(card.slug)}>
            <Marked parts={hit.headline} />
          </a>
        </h2>
        {excerpt.parts.length > 0 ? (
          <p class="search-result__excerpt">
            {excerpt.cutBefore ? '… ' : null}
            <Marked parts={excerpt.parts} />
            {excerpt.cutAfter ? ' …' : null}
          </p>
        ) : null}
        <CardMeta story={card} timeZone={props.timeZone} />
      </div>
    </article>
  );
}

function NoResults(props: { ctx: ViewContext; form: SearchForm; authorName: string | null }) {
  const { form } = props;
  const narrowed = form.topic || form.author || form.from || form.to;
  return (
    <section class="notice search-none" aria-labelledby="search-none-heading">
      <h2 id="search-none-heading">No stories match “{form.q}”</h2>
      <ul>
        <li>Check the spelling, or try a word with the same meaning.</li>
        <li>Use fewer words: every word must be in a story for it to match.</li>
        {form.q.includes('"') ? <li>Take the quotation marks away: quoted words must stand together in that order.</li> : null}
        {narrowed ? (
          <li>
            <a href={searchHref(form, { topic: '', author: '', from: '', to: '' })}>Search every topic, author and date</a> instead.
          </li>
        ) : null}
      </ul>
      {props.ctx.nav.length > 0 ? (
        <>
          <p>Or browse the sections:</p>
          <ul class="search-none__sections">
            {props.ctx.nav.map((t) => (
              <li key={t.slug}>
                <a href={topicPath(t.slug)}>{t.name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function SearchPage(props: SearchPageProps) {
  const { ctx, form } = props;
  const title = form.q ? `Search: ${form.q}` : 'Search';
  const narrowed = Boolean(form.topic || form.author || form.from || form.to || form.sort === 'newest');
  return (
    <Layout ctx={ctx} head={{ title, robots: 'noindex, follow' }}>
      <header class="page-header">
        <h1>{form.q ? <>Search results for “{form.q}”</> : 'Search the stories'}</h1>
      </header>
      <form class="search-form" role="search" aria-label="Stories" action="/search" method="get">
        <p class="search-form__words">
          <label for="search-q">Words to look for</label>
          <input id="search-q" type="search" name="q" value={form.q} maxLength={1000} aria-describedby="search-help" />
          <button type="submit">Search</button>
        </p>
        <p id="search-help" class="field__hint">
          Put words in quotation marks to find them together (“school board”); put a minus sign before a word to leave it out (-football).
        </p>
        <details class="search-form__more" open={narrowed || undefined}>
          <summary>Narrow the search</summary>
          <div class="search-form__filters">
          <p>
            <label for="search-sort">Order</label>
            <select id="search-sort" name="sort">
              <option value="relevance" selected={form.sort === 'relevance'}>
                Best match
              </option>
              <option value="newest" selected={form.sort === 'newest'}>
                Newest first
              </option>
            </select>
          </p>
          <p>
            <label for="search-topic">Topic</label>
            <select id="search-topic" name="topic">
              <option value="">Every topic</option>
              {props.topics.map((t) => (
                <option key={t.slug} value={t.slug} selected={form.topic === t.slug}>
                  {t.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="search-from">Published from</label>
            <input id="search-from" type="date" name="from" value={form.from} />
          </p>
          <p>
            <label for="search-to">to</label>
            <input id="search-to" type="date" name="to" value={form.to} />
          </p>
          {form.author ? (
            <p class="search-form__author">
              <input type="hidden" name="author" value={form.author} />
              By {props.authorName ?? form.author} (<a href={searchHref(form, { author: '' })}>any author</a>)
            </p>
          ) : null}
          </div>
        </details>
      </form>
      {props.message ? (
        <p class="form-error" role="alert" data-code={props.message.code}>
          {props.message.text}
        </p>
      ) : null}
      {props.results === null ? null : props.results.length === 0 ? (
        props.paged ? (
          <p class="notice">There are no more results. <a href={searchHref(form)}>Back to the first page</a></p>
        ) : (
          <NoResults ctx={ctx} form={form} authorName={props.authorName} />
        )
      ) : (
        <section aria-labelledby="search-results-heading">
          <h2 id="search-results-heading" class="visually-hidden">
            Results
          </h2>
          <ul class="story-list search-results">
            {props.results.map((r) => (
              <li key={r.hit.storyId}>
                <Result result={r} timeZone={ctx.timeZone} />
              </li>
            ))}
          </ul>
          {props.capped && !props.next ? (
            <p class="field__hint search-capped">
              These are the best matches among the newest {props.window.toLocaleString('en-US')} stories with these words. To reach older ones, add a word, choose a topic or
              give dates.
            </p>
          ) : null}
          {props.next ? (
            <p class="pager">
              <a href={props.next} rel="next">
                More results
              </a>
            </p>
          ) : null}
        </section>
      )}
    </Layout>
  );
}
