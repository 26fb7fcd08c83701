// Every reader URL is built here, so links and routes cannot drift apart.
export const storyPath = (slug: string) => `/stories/${slug}`;
export const topicPath = (slug: string) => `/topics/${slug}`;
export const authorPath = (slug: string) => `/authors/${slug}`;
export const storyCommentsPath = (slug: string) => `/stories/${slug}/comments`;
export const commentPath = (id: string) => `/comments/${id}`;
export const mediaPath = (relative: string) => `/media/${relative}`;

export function absoluteUrl(publicUrl: string, path: string): string {
  return `${publicUrl}${path}`;
}
