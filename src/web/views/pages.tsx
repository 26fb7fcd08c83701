// Home, topic, author, about, contact, corrections and error pages.
import type { AuthorProfile } from '../../modules/authors/index.ts';
import type { PublicCorrection } from '../../modules/stories/index.ts';
import type { Topic } from '../../modules/topics/index.ts';
import { formatShortDate } from './format-time.ts';
import type { ViewContext } from './context.ts';
import { JsonLd, Layout } from './layout.tsx';
import { TopicKicker } from './partials/kicker.tsx';
import { FollowButton } from './partials/follow.tsx';
import { StoryList } from './partials/story-card.tsx';
import { absoluteUrl, authorPath, mediaPath, storyPath, topicPath } from './urls.ts';
import { Picture } from './partials/picture.tsx';

export interface TopicRail {
  topic: Topic;
  /** The rail's cards, rendered. */
  cards: string[];
}

/** The home page around its cards, each rendered (and cached) on its own: see web/story-cards. */
export function HomePage(props: { ctx: ViewContext; lead: string | null; latest: string[]; rails: TopicRail[] }) {
  const { ctx } = props;
  return (
    <Layout
      ctx={ctx}
      current="home"
      head={{
        title: ctx.settings.siteName,
        description: ctx.settings.tagline,
        canonical: absoluteUrl(ctx.publicUrl, '/'),
        feeds: [{ title: ctx.settings.siteName, scope: { kind: 'all' } }],
        extra: (
          <JsonLd
            data={{
              '@context': 'https://schema.org',
              '@type': 'WebSite',
              name: ctx.settings.siteName,
              url: ctx.publicUrl,
              // Offers the site's own search in search engines' results.
              potentialAction: { '@type': 'SearchAction', target: { '@type': 'EntryPoint', urlTemplate: `${absoluteUrl(ctx.publicUrl, '/search')}?q={search_term_string}` }, 'query-input': 'required name=search_term_string' },
            }}
          />
        ),
      }}
    >
      <h1 class="visually-hidden">{ctx.settings.siteName}: top stories</h1>
      {props.lead ? (
        <div dangerouslySetInnerHTML={{ __html: props.lead }} />
      ) : (
        <section class="notice">
          <h2>No stories yet</h2>
          <p>Stories appear here as soon as the newsroom publishes them or a wire delivers them.</p>
        </section>
      )}
      <div class="home-grid">
        {props.latest.length > 0 ? (
          <section class="latest" aria-labelledby="latest-heading">
            <h2 id="latest-heading" class="section-heading">
              Latest stories
            </h2>
            <StoryList cards={props.latest} />
          </section>
        ) : null}
        <div class="rails">
          {props.rails.map((rail) => (
            <section class="rail" key={rail.topic.slug} aria-labelledby={`rail-${rail.topic.slug}`}>
              <h2 id={`rail-${rail.topic.slug}`} class="section-heading">
                <a href={topicPath(rail.topic.slug)}>{rail.topic.name}</a>
              </h2>
              <StoryList cards={rail.cards} />
            </section>
          ))}
        </div>
      </div>
    </Layout>
  );
}

export function Pager(props: { basePath: string; next: string | null; paged: boolean }) {
  if (!props.next && !props.paged) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {props.paged ? <a href={props.basePath}>Latest stories</a> : null}
      {props.next ? (
        <a href={`${props.basePath}?before=${props.next}`} rel="next">
          Older stories
        </a>
      ) : null}
    </nav>
  );
}

export function TopicPage(props: {
  ctx: ViewContext;
  topic: Topic;
  parent: Topic | null;
  children: Topic[];
  /** The stories' cards, rendered. */
  stories: string[];
  next: string | null;
  paged: boolean;
}) {
  const { ctx, topic } = props;
  const path = topicPath(topic.slug);
  return (
    <Layout
      ctx={ctx}
      current={topic.slug}
      head={{
        title: props.paged ? `${topic.name} (older stories)` : topic.name,
        description: topic.description,
        canonical: absoluteUrl(ctx.publicUrl, path),
        feeds: [
          { title: `${topic.name} | ${ctx.settings.siteName}`, scope: { kind: 'topic', slug: topic.slug } },
          { title: ctx.settings.siteName, scope: { kind: 'all' } },
        ],
      }}
    >
      <header class="page-header">
        <TopicKicker topic={props.parent} />
        <h1>{topic.name}</h1>
        {topic.description ? <p class="page-header__text">{topic.description}</p> : null}
        <FollowButton kind="topic" slug={topic.slug} name={topic.name} />
        {props.children.length > 0 ? (
          <nav aria-label={`Topics in ${topic.name}`} class="subtopics">
            <ul>
              {props.children.map((child) => (
                <li key={child.slug}>
                  <a href={topicPath(child.slug)}>{child.name}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      {props.stories.length > 0 ? (
        <StoryList cards={props.stories} />
      ) : (
        <p>No stories have been filed under this topic yet.</p>
      )}
      <Pager basePath={path} next={props.next} paged={props.paged} />
      <script src={ctx.scripts.follow} defer />
    </Layout>
  );
}

export function AuthorPage(props: { ctx: ViewContext; author: AuthorProfile; stories: string[]; next: string | null; paged: boolean }) {
  const { ctx, author } = props;
  const path = authorPath(author.slug);
  const largest = author.photo?.renditions.at(-1);
  const photoUrl = largest ? absoluteUrl(ctx.publicUrl, mediaPath(largest.path)) : null;
  return (
    <Layout
      ctx={ctx}
      head={{
        title: props.paged ? `${author.name} (older stories)` : author.name,
        description: author.bio ?? `Stories by ${author.name}`,
        canonical: absoluteUrl(ctx.publicUrl, path),
        feeds: [{ title: `${author.name} | ${ctx.settings.siteName}`, scope: { kind: 'author', slug: author.slug } }],
        extra: (
          <JsonLd
            data={{
              '@context': 'https://schema.org',
              '@type': 'ProfilePage',
              mainEntity: {
                '@type': 'Person',
                name: author.name,
                url: absoluteUrl(ctx.publicUrl, path),
                ...(author.bio ? { description: author.bio } : {}),
                ...(author.jobTitle ? { jobTitle: author.jobTitle } : {}),
                ...(photoUrl ? { image: photoUrl } : {}),
                // A staff author works for the station.
                ...(author.staff ? { worksFor: { '@type': 'NewsMediaOrganization', name: ctx.settings.siteName, url: ctx.publicUrl } } : {}),
              },
            }}
          />
        ),
      }}
    >
      <header class="page-header">
        {author.photo ? (
          <div class="author-photo">
            <Picture media={author.photo} sizes="8rem" fallbackWidth={320} />
          </div>
        ) : null}
        <h1>{author.name}</h1>
        {author.jobTitle ? <p class="kicker">{author.jobTitle}</p> : author.affiliation ? <p class="kicker">{author.affiliation}</p> : null}
        {author.bio ? <Paragraphs text={author.bio} /> : null}
        <FollowButton kind="author" slug={author.slug} name={author.name} />
      </header>
      <h2 class="section-heading">Stories by {author.name}</h2>
      {props.stories.length > 0 ? (
        <StoryList cards={props.stories} />
      ) : (
        <p>No published stories yet.</p>
      )}
      <Pager basePath={path} next={props.next} paged={props.paged} />
      <script src={ctx.scripts.follow} defer />
    </Layout>
  );
}

function Paragraphs(props: { text: string }) {
  return (
    <>
      {props.text
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <p key={i}>{p.trim()}</p>
        ))}
    </>
  );
}

export function AboutPage(props: { ctx: ViewContext }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} head={{ title: `About ${ctx.settings.siteName}`, canonical: absoluteUrl(ctx.publicUrl, '/about') }}>
      <article class="prose">
        <h1>About {ctx.settings.siteName}</h1>
        <Paragraphs text={ctx.settings.about} />
        <p>
          <a href="/contact">Contact the newsroom</a>
        </p>
      </article>
    </Layout>
  );
}

export function ContactPage(props: { ctx: ViewContext }) {
  const { settings } = props.ctx;
  return (
    <Layout ctx={props.ctx} head={{ title: 'Contact the newsroom', canonical: absoluteUrl(props.ctx.publicUrl, '/contact') }}>
      <article class="prose">
        <h1>Contact the newsroom</h1>
        <p>Questions about a story, a correction to report, or news we should know about? Reach the {settings.siteName} newsroom:</p>
        <dl class="contact-list">
          <dt>Email</dt>
          <dd>
            <a href={`mailto:${settings.contactEmail}`}>{settings.contactEmail}</a>
          </dd>
          {settings.contactPhone ? (
            <>
              <dt>Phone</dt>
              <dd>
                <a href={`tel:${settings.contactPhone.replace(/[^\d+]/g, '')}`}>{settings.contactPhone}</a>
              </dd>
            </>
          ) : null}
          {settings.contactAddress ? (
            <>
              <dt>Address</dt>
              <dd>{settings.contactAddress}</dd>
            </>
          ) : null}
        </dl>
        <h2>Share a story idea</h2>
        <p>
          Know something we should report? <a href="/tips">Send us a tip</a>, with pictures or documents if you have them. You can stay anonymous, and only our editors and the reporters they choose can read it.
        </p>
      </article>
    </Layout>
  );
}

const ERROR_TEXT: Record<number, { title: string; text: string }> = {
  400: { title: 'That request was not understood', text: 'The address or form contained something this site could not read.' },
  404: { title: 'Page not found', text: 'We could not find that page. It may have moved, or the address may be mistyped.' },
  401: { title: 'Sign in to continue', text: 'This page is for signed-in accounts.' },
  403: { title: 'Not open to your account', text: 'Your account does not have the role this page needs.' },
  409: { title: 'That could not be done now', text: 'What you asked for no longer fits the way things stand.' },
  410: { title: 'This page is gone', text: 'It was taken down on purpose.' },
  413: { title: 'That was too large', text: 'What you sent is larger than this site accepts.' },
  422: { title: 'That could not be used', text: 'What you sent could not be read.' },
  429: { title: 'Too many tries', text: 'Please wait a little before you try again.' },
  500: { title: 'Something went wrong', text: 'An error on our side stopped this page from loading. Please try again in a moment.' },
  503: { title: 'Temporarily unavailable', text: 'The site cannot reach its database right now. Please try again in a minute.' },
};

export function ErrorPage(props: { ctx: ViewContext; status: number; detail?: string | null }) {
  // An unlisted status reads as its class: a problem with the request, or one on our side.
  const entry = ERROR_TEXT[props.status] ?? ERROR_TEXT[props.status < 500 ? 400 : 500]!;
  return (
    <Layout ctx={props.ctx} head={{ title: entry.title, robots: 'noindex' }}>
      <section class="notice" aria-labelledby="error-heading">
        <h1 id="error-heading">{entry.title}</h1>
        <p>{entry.text}</p>
        {props.detail ? <p class="notice__reason">{props.detail}</p> : null}
        <p>
          <a href="/">Go to the home page</a>
        </p>
      </section>
    </Layout>
  );
}

/** Every correction and clarification the site has published, newest first. */
export function CorrectionsPage(props: { ctx: ViewContext; items: PublicCorrection[]; next: string | null; paged: boolean }) {
  const { ctx } = props;
  const tz = ctx.timeZone;
  return (
    <Layout ctx={ctx} head={{ title: 'Corrections', canonical: absoluteUrl(ctx.publicUrl, '/corrections'), ...(props.paged ? { robots: 'noindex, follow' } : {}) }}>
      <article class="prose">
        <h1>Corrections</h1>
        <p>When we get something wrong, we say so on the story and list it here, newest first.</p>
        {props.items.length === 0 ? (
          <p>No corrections yet.</p>
        ) : (
          <ul class="corrections-list">
            {props.items.map((c) => (
              <li key={`${c.storySlug}-${c.notedAt}`}>
                <a href={storyPath(c.storySlug)}>{c.headline}</a>
                <br />
                <time datetime={c.notedAt}>{formatShortDate(c.notedAt, tz)}</time>: {c.note}
              </li>
            ))}
          </ul>
        )}
        {props.next ? (
          <p>
            <a href={`/corrections?before=${props.next}`}>Older corrections</a>
          </p>
        ) : null}
      </article>
    </Layout>
  );
}
