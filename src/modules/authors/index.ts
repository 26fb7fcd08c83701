export { ensureAuthor, findAuthorBySlug } from './authors.repository.ts';
export type { Author } from './authors.repository.ts';
