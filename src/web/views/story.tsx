import type { StoryView } from '../../modules/stories/index.ts';
import { formatByline, htmlToText } from '../../modules/text/index.ts';
import type { PageHead, ViewContext } from './context.ts';
import { formatDateTime, formatShortDate } from './format-time.ts';
import { JsonLd, Layout, renderFragment, slot } from './layout.tsx';
import { TopicKicker } from './partials/kicker.tsx';
import { FollowButton } from './partials/follow.tsx';
import { Byline } from './partials/byline.tsx';
import { pickRendition } from './partials/picture.tsx';
import { MediaCaption, MediaShown } from './partials/media-shown.tsx';
import { expandBody, hasVideoEmbed } from './partials/story-body.tsx';
import { absoluteUrl, authorPath, mediaPath, storyPath, topicPath } from './urls.ts';
import { escapeHtml } from '../../modules/text/index.ts';
import { SHARE_HEIGHT, SHARE_WIDTH, shareImagePath } from '../share-image.ts';


/** Wire notes often begin "Correction:"; under a "Correction" heading that reads twice. */
export function withoutCorrectionLabel(note: string): string {
  const rest = note.replace(/^\s*(?:corrections?|corrected|clarification)\s*[:—–-]\s*/i, '');
  return rest === '' ? note : rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** The dateline leads the first paragraph: "(MNS) — The river crested…". */
export function bodyWithDateline(bodyHtml: string, dateline: string | null): string {
  if (!dateline) return bodyHtml;
  const lead = `<span class="dateline">${escapeHtml(dateline)} — </span>`;
  return bodyHtml.startsWith('<p>') ? `<p>${lead}${bodyHtml.slice(3)}` : `<p>${lead}</p>${bodyHtml}`;
}

function description(story: StoryView): string {
  return story.standfirst ?? htmlToText(story.bodyHtml).slice(0, 200);
}

/**
 * Wire copy follows its source's policy (canonical to the original, or kept out of search
 * engines) unless the desk chose another for the story; the station's own stories are their own.
 */
export function canonicalFor(story: StoryView, publicUrl: string): { canonical: string; robots: string } {
  const own = absoluteUrl(publicUrl, storyPath(story.slug));
  const policy = story.canonicalPolicy ?? story.source?.canonicalPolicy ?? 'self';
  if (policy === 'noindex') return { canonical: own, robots: 'noindex, follow, max-image-preview:large' };
  if (policy === 'original' && story.originUrl) {
    return { canonical: story.originUrl, robots: 'index, follow, max-image-preview:large' };
  }
  return { canonical: own, robots: 'index, follow, max-image-preview:large' };
}

function structuredData(story: StoryView, ctx: ViewContext, imageUrl: string | null) {
  const url = absoluteUrl(ctx.publicUrl, storyPath(story.slug));
  const publisher = { '@type': 'Organization', name: ctx.settings.siteName, url: ctx.publicUrl };
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: url,
    url,
    headline: story.headline,
    description: description(story),
    ...(imageUrl ? { image: [imageUrl] } : {}),
    datePublished: story.publishedAt,
    dateModified: story.updatedAt ?? story.publishedAt,
    author: story.authors.map((a) => ({
      '@type': 'Person',
      name: a.name,
      url: absoluteUrl(ctx.publicUrl, authorPath(a.slug)),
      ...(a.affiliation ? { affiliation: { '@type': 'Organization', name: a.affiliation } } : {}),
    })),
    publisher,
    ...(story.primaryTopic ? { articleSection: story.primaryTopic.name } : {}),
    ...(story.source
      ? { copyrightHolder: { '@type': 'Organization', name: story.source.name }, sourceOrganization: { '@type': 'Organization', name: story.source.name } }
      : { copyrightHolder: publisher }),
    ...(story.rightsLine ? { copyrightNotice: story.rightsLine } : {}),
    ...(story.corrections.length > 0
      ? { correction: story.corrections.map((c) => ({ '@type': 'CorrectionComment', text: withoutCorrectionLabel(c.note), datePublished: c.notedAt })) }
      : {}),
    isAccessibleForFree: true,
    inLanguage: ctx.settings.language,
  };
}

export function storyHead(story: StoryView, ctx: ViewContext): PageHead {
  const hero = story.hero ? pickRendition(story.hero, 1200) : undefined;
  // A story without a picture is shared with the site's own image (search engines want one).
  const image = hero
    ? { url: absoluteUrl(ctx.publicUrl, mediaPath(hero.path)), width: hero.width, height: hero.height }
    : { url: absoluteUrl(ctx.publicUrl, shareImagePath(ctx)), width: SHARE_WIDTH, height: SHARE_HEIGHT };
  const imageUrl = image.url;
  const { canonical, robots } = canonicalFor(story, ctx.publicUrl);
  const text = description(story);
  return {
    title: story.headline,
    description: text,
    canonical,
    robots,
    extra: (
      <>
        <meta property="og:type" content="article" />
        <meta property="og:site_name" content={ctx.settings.siteName} />
        <meta property="og:title" content={story.headline} />
        <meta property="og:description" content={text} />
        <meta property="og:url" content={absoluteUrl(ctx.publicUrl, storyPath(story.slug))} />
        <meta property="og:image" content={imageUrl} />
        <meta property="og:image:width" content={String(image.width)} />
        <meta property="og:image:height" content={String(image.height)} />
        {hero && story.hero?.altText ? <meta property="og:image:alt" content={story.hero.altText} /> : null}
        <meta property="article:published_time" content={story.publishedAt} />
        <meta property="article:modified_time" content={story.updatedAt ?? story.publishedAt} />
        {story.primaryTopic ? <meta property="article:section" content={story.primaryTopic.name} /> : null}
        <meta name="twitter:card" content="summary_large_image" />
        <meta name="twitter:title" content={story.headline} />
        <meta name="twitter:description" content={text} />
        <meta name="twitter:image" content={imageUrl} />
        {story.authors.length > 0 ? <meta name="author" content={formatByline(story.authors).replace(/^By /, '')} /> : null}
        <JsonLd data={structuredData(story, ctx, imageUrl)} />
      </>
    ),
  };
}

/**
 * The story itself, rendered apart from the page around it and from the conversation, and
 * cached under the story's own stamp: a new comment renders the page again around it. The
 * comment count in its header is a slot the page fills.
 */
export function StoryArticle(props: { story: StoryView; ctx: ViewContext }) {
  const { story, ctx } = props;
  const tz = ctx.timeZone;
  return (
    <article class="story">
      <header class="story__header">
        {story.breaking ? <p class="breaking-label">Breaking news</p> : null}
        <TopicKicker topic={story.primaryTopic} />
        <h1 class="story__headline">{story.headline}</h1>
        {story.standfirst ? <p class="story__standfirst">{story.standfirst}</p> : null}
        <div class="story__meta">
          <Byline authors={story.authors} />
          {story.source ? <p class="story__source">{story.source.name}</p> : null}
          <p class="story__times">
            <span>
              Published <time datetime={story.publishedAt}>{formatDateTime(story.publishedAt, tz)}</time>
            </span>
            {story.updatedAt ? (
              <span class="story__updated">
                Updated <time datetime={story.updatedAt}>{formatDateTime(story.updatedAt, tz)}</time>
              </span>
            ) : null}
          </p>
          <p class="story__comments-link">
            <a href="#comments">Jump to comments</a> <span data-comment-count>{slot('comment-count')}</span>
          </p>
        </div>
      </header>

      {story.hero ? (
        <figure class="story__hero">
          <MediaShown media={story.hero} sizes="(min-width: 800px) 760px, 100vw" eager fallbackWidth={960} />
          <MediaCaption media={story.hero} />
        </figure>
      ) : null}

      <div class="story__body" dangerouslySetInnerHTML={{ __html: bodyWithDateline(expandBody(story.bodyHtml, story.bodyMedia), story.dateline) }} />
      {hasVideoEmbed(story.bodyHtml) ? <script src={ctx.scripts.videoEmbeds} defer /> : null}

      {story.corrections.length > 0 ? (
        <section class="corrections" aria-labelledby="corrections-heading">
          <h2 id="corrections-heading">{story.corrections.length === 1 ? 'Correction' : 'Corrections'}</h2>
          <ul>
            {story.corrections.map((c) => (
              <li key={c.notedAt}>
                <time datetime={c.notedAt}>{formatShortDate(c.notedAt, tz)}</time>: {withoutCorrectionLabel(c.note)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <footer class="story__footer">
        {story.rightsLine ? <p class="story__rights">{story.rightsLine}</p> : null}
        <p class="story__tip">
          If you would like to share a story idea, <a href="/tips">please submit it here</a>.
        </p>
        {story.originUrl ? (
          <p class="story__origin">
            Originally published by{' '}
            <a href={story.originUrl} rel="noopener">
              {story.source?.name ?? 'the original publisher'}
            </a>
            .
          </p>
        ) : null}
        {story.updatedAt ? (
          <p class="story__version">
            This story was updated on <time datetime={story.updatedAt}>{formatShortDate(story.updatedAt, tz)}</time> (version {story.version}).
          </p>
        ) : null}
        {story.primaryTopic ? (
          <section class="topic-follow" aria-labelledby="topic-follow-label">
            <h2 id="topic-follow-label" class="topic-follow__label">
              Article Topic Follows:
            </h2>
            <a class="topic-follow__topic" href={topicPath(story.primaryTopic.slug)}>
              {story.primaryTopic.name}
            </a>
            <FollowButton kind="topic" slug={story.primaryTopic.slug} name={story.primaryTopic.name} />
          </section>
        ) : null}
        {story.topics.length > 0 ? (
          <nav class="story__topics" aria-label="More topics">
            <h2 class="story__topics-label">More topics</h2>
            <ul>
              {story.topics.map((t) => (
                <li key={t.slug}>
                  <a href={topicPath(t.slug)}>{t.name}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </footer>
    </article>
  );
}

/** The story's head tags (OpenGraph, JSON-LD) as HTML, kept with the article. */
export function storyHeadTags(head: PageHead): string {
  return renderFragment(<>{head.extra}</>);
}

/** The story page around its parts: the slots "head", "article", "comment-count" and "conversation". */
/** The story's own parts of its page: the head (and its tags) and the article, rendered. */
export function storyPageParts(story: StoryView, ctx: ViewContext, overrides: Partial<PageHead> = {}): { head: PageHead; headTags: string; article: string } {
  const { extra, ...base } = storyHead(story, ctx);
  const head = { ...base, ...overrides };
  return { head, headTags: storyHeadTags({ ...head, extra }), article: renderFragment(<StoryArticle story={story} ctx={ctx} />) };
}

export function StoryShell(props: { ctx: ViewContext; head: PageHead; current: string | undefined }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} head={{ ...props.head, extra: slot('head') }} current={props.current}>
      {slot('article')}
      {slot('conversation')}
      <script src={ctx.scripts.liveComments} defer />
      <script src={ctx.scripts.follow} defer />
    </Layout>
  );
}

export function WithdrawnPage(props: { story: StoryView; ctx: ViewContext }) {
  const { story, ctx } = props;
  const at = story.withdrawnAt ?? story.modifiedAt;
  return (
    <Layout ctx={ctx} head={{ title: 'This story has been withdrawn', robots: 'noindex' }}>
      <section class="notice" aria-labelledby="withdrawn-heading">
        <h1 id="withdrawn-heading">This story has been withdrawn</h1>
        <p>
          Withdrawn on <time datetime={at}>{formatDateTime(at, ctx.timeZone)}</time>.
        </p>
        {story.withdrawnReason ? <p class="notice__reason">{story.withdrawnReason}</p> : null}
        <p>
          <a href="/">Go to the latest stories</a>
        </p>
      </section>
    </Layout>
  );
}
