// JSON Feed 1.1 (jsonfeed.org): ids are the stories' own, stable across updates.
import type { Feed } from './feed-items.ts';

export function renderJsonFeed(feed: Feed): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    description: feed.description,
    home_page_url: feed.home,
    feed_url: feed.self,
    language: feed.language,
    items: feed.items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content_html: item.html,
      date_published: new Date(item.published).toISOString(),
      date_modified: new Date(item.updated).toISOString(),
      authors: item.authors,
      tags: item.topics,
      ...(item.image ? { image: item.image.url } : {}),
    })),
  });
}
