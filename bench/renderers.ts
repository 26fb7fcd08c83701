// The view-renderer choice (docs/decisions/0002): the same story-shaped markup built with
// preact + preact-render-to-string and with hono/jsx, rendered to a string many times.
import { jsx as honoJsx } from 'hono/jsx';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';

type Factory = (tag: string, props: Record<string, unknown> | null, ...children: unknown[]) => unknown;

function storyTree(f: Factory): unknown {
  const paragraphs = Array.from({ length: 12 }, (_, i) =>
    f('p', null, `Paragraph ${i}: the council voted on the bridge, and residents said “it is about time” & more.`),
  );
  const nav = ['Local News', 'Weather', 'Sports', 'Community', 'Nation & World'].map((name) =>
    f('li', null, f('a', { href: `/topics/${name.toLowerCase()}` }, name)),
  );
  return f(
    'html',
    { lang: 'en' },
    f('head', null, f('meta', { charset: 'utf-8' }), f('title', null, 'Flood barriers hold | Kestrel Valley 7')),
    f(
      'body',
      null,
      f('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
      f('header', null, f('nav', { 'aria-label': 'Sections' }, f('ul', null, ...nav))),
      f(
        'main',
        { id: 'main' },
        f(
          'article',
          { class: 'story' },
          f('h1', null, 'Flood barriers hold as the Sable River crests in delta towns'),
          f('p', { class: 'byline' }, 'By ', f('a', { href: '/authors/a' }, 'Ana Ruiz'), ', ', f('a', { href: '/authors/b' }, 'Tomas Pell'), ' and ', f('a', { href: '/authors/c' }, 'Mei Chen'), ', MNS'),
          f('figure', null, f('img', { src: '/media/r/x-960.jpg', width: 1600, height: 900, alt: 'Sandbags' }), f('figcaption', null, 'Caption ', f('span', null, 'Credit'))),
          f('div', { class: 'story__body' }, ...paragraphs),
        ),
      ),
    ),
  );
}

export interface RendererResult {
  name: string;
  perSecond: number;
  meanMicros: number;
}

function time(name: string, render: () => string): RendererResult {
  for (let i = 0; i < 2000; i++) render();
  const rounds = 20_000;
  const start = performance.now();
  let bytes = 0;
  for (let i = 0; i < rounds; i++) bytes += render().length;
  const ms = performance.now() - start;
  if (bytes === 0) throw new Error(`${name} rendered nothing`);
  return { name, perSecond: Math.round((rounds / ms) * 1000), meanMicros: Math.round((ms / rounds) * 1000 * 10) / 10 };
}

export async function compareRenderers(): Promise<RendererResult[]> {
  return [
    time('preact-render-to-string 6 (chosen)', () => renderToString(storyTree(h as unknown as Factory) as preact.VNode)),
    time('hono/jsx 4', () => String(storyTree(honoJsx as unknown as Factory))),
  ];
}
