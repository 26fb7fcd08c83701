export { addCorrection, batchStoryRows, createStory, findStoryByOrigin, releaseEmbargoes, reviseStory, setStoryStatus, withdrawStory } from './stories.service.ts';
export type { SavedStory, StoryDraft } from './stories.service.ts';
export {
  findStoryRef,
  findStoryStamp,
  getStoryBySlug,
  latestContentStamp,
  listStories,
} from './stories.repository.ts';
export type { Page, SourceView, StoryAuthorView, StoryCard, StoryRef, StoryStamp, StoryView, TopicLink } from './stories.repository.ts';
