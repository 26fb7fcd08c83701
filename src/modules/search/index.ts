// Search (issue #15, decision 0020): the reader's query translated for each engine, the index
// kept in step inside the stories' own transactions, and the use cases that read it.
export { fts5Match, foldText, parseSearch, searchTokens, websearchText, SEARCH_INPUT_MAX, SEARCH_PARTS_MAX } from './search-query.ts';
export type { ParsedSearch, SearchPart, SearchQuery } from './search-query.ts';
export { indexStories, indexStoriesBy, indexStoriesShowing, reindexSearch, searchIndexProblems, searchStories, searchStoryIds, syncSearchIndex } from './search.service.ts';
export type { RebuildOptions, RebuildProgress, SearchRowProblem, SearchHit, SearchOptions, SearchOutcome } from './search.service.ts';
export { PHRASE_WINDOW, SEARCH_WINDOW } from './search-index.ts';
export type { SearchFilters } from './search-index.ts';
export type { Snippet, TextPart } from './snippet.ts';
