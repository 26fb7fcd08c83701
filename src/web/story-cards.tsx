// Story cards (the lead, list items, rail items) are rendered once per story change and kept
// as HTML fragments: a list page after one story changes renders that one card, not thirty.
// Each card is cached under the story's stamp and the site's (time zone, names).
import { loadCards, type CardRef } from '../modules/stories/index.ts';
import type { Fragment } from './page-cache.ts';
import type { ViewContext } from './views/context.ts';
import { renderFragment } from './views/layout.tsx';
import { LeadStory, StoryCardItem } from './views/partials/story-card.tsx';
import type { WebContext } from './web-context.ts';

/** How a card is drawn: the home page's lead, or a list item with or without its picture. */
export type CardStyle = 'lead' | 'text-h3' | 'picture-h2' | 'picture-h3';

interface CardFragment extends Fragment {
  html: string;
}

function render(style: CardStyle, story: Parameters<typeof StoryCardItem>[0]['story'], ctx: ViewContext): string {
  if (style === 'lead') return renderFragment(<LeadStory story={story} timeZone={ctx.timeZone} />);
  return renderFragment(
    <StoryCardItem story={story} timeZone={ctx.timeZone} showImage={style !== 'text-h3'} headingLevel={style === 'picture-h2' ? 2 : 3} />,
  );
}

/**
 * The cards' HTML, in the order of `refs`: cached cards as they are, the rest read in one
 * query and rendered. A story that is gone by now (withdrawn between the two reads) is left out.
 */
export async function renderCards(web: WebContext, ctx: ViewContext, site: string, requests: { ref: CardRef; style: CardStyle }[]): Promise<Map<string, string>> {
  const html = new Map<string, string>();
  const key = (style: CardStyle, id: string) => `card:${style}:${id}`;
  const missing: { ref: CardRef; style: CardStyle }[] = [];
  for (const request of requests) {
    const hit = web.cache.peekFragment<CardFragment>(key(request.style, request.ref.id), `${request.ref.modifiedAt}|${site}`);
    if (hit) html.set(`${request.style}:${request.ref.id}`, hit.html);
    else missing.push(request);
  }
  if (missing.length === 0) return html;
  const cards = new Map((await loadCards(web.db, [...new Set(missing.map((m) => m.ref.id))])).map((c) => [c.id, c]));
  for (const { ref, style } of missing) {
    const card = cards.get(ref.id);
    if (!card) continue;
    const fragment = { html: render(style, card, ctx), bytes: 0 };
    fragment.bytes = fragment.html.length;
    web.cache.keepFragment(key(style, ref.id), `${ref.modifiedAt}|${site}`, fragment);
    html.set(`${style}:${ref.id}`, fragment.html);
  }
  return html;
}

/** The HTML of each ref's card in one style, in order (the ones that rendered). */
export async function cardList(web: WebContext, ctx: ViewContext, site: string, refs: CardRef[], style: CardStyle): Promise<string[]> {
  const html = await renderCards(web, ctx, site, refs.map((ref) => ({ ref, style })));
  return refs.flatMap((ref) => {
    const card = html.get(`${style}:${ref.id}`);
    return card === undefined ? [] : [card];
  });
}
