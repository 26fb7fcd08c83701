import { randomUUID } from 'node:crypto';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PageHead, ViewContext } from './context.ts';
import { feedPath, topicPath, type FeedFormat } from './urls.ts';

const FEED_TYPES: [FeedFormat, string, string][] = [
  ['rss', 'application/rss+xml', 'RSS'],
  ['atom', 'application/atom+xml', 'Atom'],
  ['json', 'application/feed+json', 'JSON Feed'],
];

export function Layout(props: { ctx: ViewContext; head: PageHead; children: ComponentChildren; current?: string }) {
  const { ctx, head } = props;
  const { settings } = ctx;
  const title = head.title === settings.siteName ? head.title : `${head.title} | ${settings.siteName}`;
  return (
    <html lang={settings.language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {head.description ? <meta name="description" content={head.description} /> : null}
        <meta name="robots" content={head.robots ?? 'index, follow, max-image-preview:large'} />
        {head.canonical ? <link rel="canonical" href={head.canonical} /> : null}
        <link rel="icon" href={ctx.favicon} type={ctx.favicon.endsWith('.png') ? 'image/png' : 'image/svg+xml'} />
        {ctx.touchIcon ? <link rel="apple-touch-icon" href={ctx.touchIcon} /> : null}
        <link rel="stylesheet" href={ctx.stylesheet} />
        <link rel="search" type="application/opensearchdescription+xml" title={settings.siteName} href="/opensearch.xml" />
        {ctx.theme ? <link rel="stylesheet" href={ctx.theme} /> : null}
        {(head.feeds ?? []).flatMap((feed) =>
          FEED_TYPES.map(([format, type, name]) => <link key={`${feed.title}-${format}`} rel="alternate" type={type} title={`${feed.title} (${name})`} href={feedPath(feed.scope, format)} />),
        )}
        {head.extra}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="wrap site-header__inner">
            <a class={ctx.logo ? 'site-name site-name--logo' : 'site-name'} href="/">
              {ctx.logo ? <img src={ctx.logo.url} width={Math.round(ctx.logo.width / 2)} height={Math.round(ctx.logo.height / 2)} alt={settings.siteName} /> : settings.siteName}
            </a>
            <p class="tagline">{settings.tagline}</p>
            <form class="site-search" role="search" aria-label="Site" action="/search" method="get">
              <label for="site-search-q" class="visually-hidden">
                Search stories
              </label>
              <input id="site-search-q" type="search" name="q" placeholder="Search stories" maxLength={1000} autocomplete="off" />
              {/* Untyped (a form button submits anyway), so a page's own form keeps the only button[type=submit]. */}
              <button>Search</button>
            </form>
            {/* The same link for everyone, so reader pages stay cacheable; the account page knows who you are. */}
            <a class="account-link" href="/account">
              Your account
            </a>
          </div>
          <nav class="site-nav" aria-label="Sections">
            <ul class="wrap">
              <li>
                <a href="/" aria-current={props.current === 'home' ? 'page' : undefined}>
                  Home
                </a>
              </li>
              {ctx.nav.map((topic) => (
                <li key={topic.slug}>
                  <a href={topicPath(topic.slug)} aria-current={props.current === topic.slug ? 'page' : undefined}>
                    {topic.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1} class="wrap">
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <nav aria-label="Site">
              <ul>
                <li>
                  <a href="/about">About {settings.siteName}</a>
                </li>
                <li>
                  <a href="/contact">Contact the newsroom</a>
                </li>
                <li>
                  <a href="/tips">Share a story idea</a>
                </li>
                <li>
                  <a href="/corrections">Corrections</a>
                </li>
                <li>
                  <a href="/newsletter">Email alerts and newsletters</a>
                </li>
              </ul>
            </nav>
            <p>
              © {new Date().getUTCFullYear()} {settings.siteName}. {settings.contactAddress}
            </p>
            <p class="powered">Published with Masthead.</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function renderDocument(node: preact.VNode): Buffer {
  return Buffer.from(`<!doctype html>${renderToString(node)}`);
}

/**
 * A page assembled from parts rendered (and cached) apart: `shell` holds a slot(name) where
 * each part goes. Slots carry a secret made at start, so no text on the page (a headline, a
 * comment) can stand in for one.
 */
const SLOT_SECRET = randomUUID();
const slotMark = (name: string) => `\u0000${SLOT_SECRET}:${name}\u0000`;

export function slot(name: string): string {
  return slotMark(name);
}

export function renderAssembled(shell: preact.VNode, parts: Record<string, string>): Buffer {
  return Buffer.from(fillSlots(`<!doctype html>${renderToString(shell)}`, parts));
}

/**
 * Puts each part where its slot is, scanning `html` once: parts are inserted as they are and
 * not searched again (fill a slot inside a part before passing the part).
 */
export function fillSlots(html: string, parts: Record<string, string>): string {
  const found = Object.keys(parts)
    .map((name) => ({ name, at: html.indexOf(slotMark(name)) }))
    .sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const { name, at } of found) {
    if (at === -1) throw new Error(`the page has no slot "${name}"`);
    out += html.slice(from, at) + parts[name];
    from = at + slotMark(name).length;
  }
  return out + html.slice(from);
}

/** A piece of a page (a comment for the live channel), escaped like any page. */
export function renderFragment(node: preact.VNode): string {
  return renderToString(node);
}

/** JSON-LD inside <script>: "<" is escaped so no text can close the element. */
export function JsonLd(props: { data: unknown }) {
  const json = JSON.stringify(props.data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />;
}
