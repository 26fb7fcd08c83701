export { addCorrection, batchStoryRows, createStory, findStoryByOrigin, releaseEmbargoes, reviseStory, setStoryStatus, withdrawStory } from './stories.service.ts';
export type { SavedStory, StoryDraft } from './stories.service.ts';
export {
  findStoryRef,
  findStoryStamp,
  getStoryBySlug,
  latestContentStamp,
  listStories,
  listStoryRefs,
  loadCards,
  topicRailRefs,
  withHero,
} from './stories.repository.ts';
export type { CardRef, ListScope, Page, SourceView, StoryAuthorView, StoryCard, StoryRef, StoryStamp, StoryView, TopicLink } from './stories.repository.ts';
export { STORY_STATUSES } from './domain.ts';
export type { StoryStatus } from './domain.ts';
