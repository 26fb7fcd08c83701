export { addCorrection, addWireCorrection, batchStoryRows, createStory, datePublishedNoLaterThan, findStoryByOrigin, releaseEmbargoes, reviseFromWire, reviseStory, setStoryStatus, storyMediaIds, withdrawStory } from './stories.service.ts';
export type { WireCorrection } from './stories.service.ts';
export type { SavedStory, StoryDraft } from './stories.service.ts';
export {
  bodyHtmlFrom,
  CANONICAL_POLICIES,
  canWriteStory,
  correctStory,
  describeMedia,
  createDraft,
  isTextEditable,
  publishDue,
  publishStory,
  releaseStory,
  removeStoryPhoto,
  restoreVersion,
  saveStory,
  setPosterFromUpload,
  setStoryPhoto,
  settleWireUpdate,
  scheduleStory,
  spikeStory,
  StoryEditConflict,
  submitStory,
  unpublishStory,
  uploadToLibrary,
  useLibraryPhoto,
  WIRE_CHOICES,
  withdrawFromDesk,
} from './desk.service.ts';
export type { CanonicalPolicy, DeskAction, DeskActor, DeskContext, DeskStoryInput, FileUpload, PhotoUpload, WireChoice } from './desk.service.ts';
export {
  findRedirectedSlug,
  findStoryRef,
  findStoryStamp,
  getStoryBySlug,
  latestContentStamp,
  listStories,
  listFollowingRefs,
  listStoryRefs,
  loadFeedStories,
  loadCards,
  topicRailRefs,
  withHero,
} from './stories.repository.ts';
export type { CardRef, ListScope, Page, SourceView, StoryAuthorView, StoryCard, StoryRef, StoryStamp, StoryView, TopicLink } from './stories.repository.ts';
export { STORY_STATUSES } from './domain.ts';
export { NEWS_LIMIT, newsSitemapStories, SITEMAP_LIMIT, sitemapListPages, sitemapMonths, sitemapStories } from './sitemaps.repository.ts';
export type { SitemapStory } from './sitemaps.repository.ts';
export type { StoryStatus } from './domain.ts';
export { CORRECTIONS_PAGE_SIZE, DESK_PAGE_SIZE, getDeskStory, getStoryVersion, isStoryStatus, listCorrections, listDeskActors, listDeskLog, listDeskStories, listStoryVersions } from './desk.repository.ts';
export type { PublicCorrection, StoryVersionText, DeskLogEntry, DeskStory, DeskStoryFilter, DeskStoryRow, StoryVersionRow, WireUpdate } from './desk.repository.ts';
