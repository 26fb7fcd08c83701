// Every reader URL is built here, so links and routes cannot drift apart.
export const storyPath = (slug: string) => `/stories/${slug}`;
export const topicPath = (slug: string) => `/topics/${slug}`;
export const authorPath = (slug: string) => `/authors/${slug}`;
export const storyCommentsPath = (slug: string) => `/stories/${slug}/comments`;
export const commentPath = (id: string) => `/comments/${id}`;
export const mediaPath = (relative: string) => `/media/${relative}`;

export type FeedFormat = 'rss' | 'atom' | 'json';
export type FeedScope = { kind: 'all' } | { kind: 'topic' | 'author'; slug: string };
/** Where a scope's feed in a format lives: /feed (RSS), /feed.atom, /topics/weather.json, … */
export function feedPath(scope: FeedScope, format: FeedFormat): string {
  if (scope.kind === 'all') return format === 'rss' ? '/feed' : `/feed.${format}`;
  return `/${scope.kind === 'topic' ? 'topics' : 'authors'}/${scope.slug}.${format}`;
}

export function absoluteUrl(publicUrl: string, path: string): string {
  return `${publicUrl}${path}`;
}
