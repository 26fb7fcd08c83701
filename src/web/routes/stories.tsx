import { getThreadInfo, listThread, type CommentSort } from '../../modules/comments/index.ts';
import { findRedirectedSlug, getStoryBySlug } from '../../modules/stories/index.ts';
import { storyPath } from '../views/urls.ts';
import { NotFoundError } from '../../errors.ts';
import { escapeHtml } from '../../modules/text/index.ts';
import type { Fragment } from '../page-cache.ts';
import { Conversation, countLabel } from '../views/comments.tsx';
import type { PageHead, ViewContext } from '../views/context.ts';
import { fillSlots, renderAssembled, renderDocument, renderFragment } from '../views/layout.tsx';
import { storyPageParts, StoryShell, WithdrawnPage } from '../views/story.tsx';
import { slugParams } from './schemas.ts';
import { cachedPage, siteStamp, storyStamp, threadStamp, type WebContext } from '../web-context.ts';
import { defineArea } from '../areas.ts';

/** Newest first: a reader's new top-level comment is always on the story page. */
export const DEFAULT_SORT: CommentSort = 'newest';

/**
 * The story page shows the start of the conversation, keeping the page light (HTML and CSS
 * under 50 KB): ten threads, three replies under each; "More comments" and "Show N more
 * replies" lead on.
 */
const STORY_PAGE_THREAD = { sort: DEFAULT_SORT, limit: 10, repliesPerComment: 3 } as const;

/** The story's part of its page, cached under the story's stamp (and the site's). */
type StoryPart = Fragment &
  (
    | { withdrawn: true; page: Buffer; modifiedAt: string }
    | { withdrawn: false; storyId: string; modifiedAt: string; head: PageHead; headTags: string; article: string; current: string | undefined }
  );

/** The conversation's part, cached under the thread's stamp (and the site's). */
interface ConversationPart extends Fragment {
  html: string;
  count: number;
  modifiedAt: string | null;
}

function storyPart(app: WebContext, ctx: ViewContext, slug: string, stamp: string): Promise<StoryPart | null> {
  return app.cache.fragment<StoryPart>(`story:${slug}`, stamp, async () => {
    const story = await getStoryBySlug(app.db, slug);
    // Held, embargoed and withheld stories do not exist for readers.
    if (!story || (story.status !== 'published' && story.status !== 'withdrawn')) return null;
    if (story.status === 'withdrawn') {
      const page = renderDocument(<WithdrawnPage story={story} ctx={ctx} />);
      return { withdrawn: true, page, modifiedAt: story.modifiedAt, bytes: page.length };
    }
    const { head, headTags, article } = storyPageParts(story, ctx);
    return {
      withdrawn: false,
      storyId: story.id,
      modifiedAt: story.modifiedAt,
      head,
      headTags,
      article,
      current: story.primaryTopic?.slug,
      bytes: headTags.length + article.length + story.headline.length * 2,
    };
  });
}

function conversationPart(app: WebContext, ctx: ViewContext, storyId: string, slug: string, stamp: string): Promise<ConversationPart | null> {
  return app.cache.fragment<ConversationPart>(`conversation:${storyId}`, stamp, async () => {
    const [info, page] = await Promise.all([getThreadInfo(app.db, storyId), listThread(app.db, storyId, STORY_PAGE_THREAD)]);
    const html = renderFragment(
      <Conversation ctx={ctx} slug={slug} count={info.publishedCount} closed={info.mode === 'closed'} page={page} sort={DEFAULT_SORT} />,
    );
    return { html, count: info.publishedCount, modifiedAt: info.modifiedAt, bytes: html.length };
  });
}

export const area = defineArea('stories', async (app) => {
  app.get<{ Params: { slug: string } }>('/stories/:slug', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params;
    const [stamp, site] = await Promise.all([storyStamp(app, slug), siteStamp(app)]);
    if (!stamp || (stamp.status !== 'published' && stamp.status !== 'withdrawn')) {
      // A story the desk gave a new address answers at its old one with a permanent redirect.
      const moved = stamp ? null : await findRedirectedSlug(app.db, slug);
      if (moved) return reply.redirect(storyPath(moved), 301);
      throw new NotFoundError();
    }
    const thread = await threadStamp(app, stamp.id);
    // The page is assembled from the story and its conversation, each cached under its own
    // stamp: a new comment reads and renders only the conversation, an edit only the story.
    const sent = await cachedPage(app, request, reply, `story:${slug}`, `${stamp.modifiedAt}|${site}|${thread}`, async (ctx) => {
      const story = await storyPart(app, ctx, slug, `${stamp.modifiedAt}|${site}`);
      if (!story) return null;
      if (story.withdrawn) return { status: 410, body: story.page, lastModified: story.modifiedAt };
      const conversation = await conversationPart(app, ctx, story.storyId, slug, `${thread}|${site}`);
      if (!conversation) return null;
      const body = renderAssembled(<StoryShell ctx={ctx} head={story.head} current={story.current} />, {
        head: story.headTags,
        article: fillSlots(story.article, { 'comment-count': escapeHtml(countLabel(conversation.count)) }),
        conversation: conversation.html,
      });
      const lastModified = conversation.modifiedAt && conversation.modifiedAt > story.modifiedAt ? conversation.modifiedAt : story.modifiedAt;
      return { status: 200, body, lastModified };
    });
    if (!sent) throw new NotFoundError();
    return reply;
  });
});
