import { getThreadInfo, listThread, type CommentSort } from '../../modules/comments/index.ts';
import { getStoryBySlug } from '../../modules/stories/index.ts';
import { NotFoundError } from '../../errors.ts';
import { renderDocument } from '../views/layout.tsx';
import { StoryPage, WithdrawnPage } from '../views/story.tsx';
import { slugParams } from './schemas.ts';
import { cachedPage, siteStamp, storyStamp, threadStamp } from '../web-context.ts';
import { defineArea } from '../areas.ts';

/** Newest first: a reader's new top-level comment is always on the story page. */
export const DEFAULT_SORT: CommentSort = 'newest';

/**
 * The story page shows the start of the conversation, keeping the page light (HTML and CSS
 * under 50 KB): ten threads, three replies under each; "More comments" and "Show N more
 * replies" lead on.
 */
const STORY_PAGE_THREAD = { sort: DEFAULT_SORT, limit: 10, repliesPerComment: 3 } as const;

export const area = defineArea('stories', async (app, { web }) => {
  app.get<{ Params: { slug: string } }>('/stories/:slug', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params;
    const [stamp, site] = await Promise.all([storyStamp(web, slug), siteStamp(web)]);
    // Held, embargoed and withheld stories do not exist for readers.
    if (!stamp || (stamp.status !== 'published' && stamp.status !== 'withdrawn')) throw new NotFoundError();
    const thread = await threadStamp(web, stamp.id);
    const sent = await cachedPage(web, request, reply, `story:${slug}`, `${stamp.modifiedAt}|${site}|${thread}`, async (ctx) => {
      const story = await getStoryBySlug(web.db, slug);
      if (!story || (story.status !== 'published' && story.status !== 'withdrawn')) return null;
      if (story.status === 'withdrawn') {
        return { status: 410, body: renderDocument(<WithdrawnPage story={story} ctx={ctx} />), lastModified: story.modifiedAt };
      }
      const [info, page] = await Promise.all([getThreadInfo(web.db, story.id), listThread(web.db, story.id, STORY_PAGE_THREAD)]);
      const conversation = { count: info.publishedCount, closed: info.mode === 'closed', page, sort: DEFAULT_SORT };
      const lastModified = info.modifiedAt && info.modifiedAt > story.modifiedAt ? info.modifiedAt : story.modifiedAt;
      return { status: 200, body: renderDocument(<StoryPage story={story} ctx={ctx} conversation={conversation} />), lastModified };
    });
    if (!sent) throw new NotFoundError();
    return reply;
  });
});
