// Search (issue #15): the reader's query, translated for each engine.
export { fts5Match, foldText, parseSearch, searchTokens, websearchText, SEARCH_INPUT_MAX, SEARCH_PARTS_MAX } from './search-query.ts';
export type { ParsedSearch, SearchPart, SearchQuery } from './search-query.ts';
