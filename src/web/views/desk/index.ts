// The desk's pages, one file each.
export { DeskCommentPage, QueueCard, QueuePage } from './queue.tsx';
export { LogPage } from './log.tsx';
export { SettingsPage } from './settings.tsx';
export { StoryCommentsPage } from './story-comments.tsx';
export { UserPage } from './user.tsx';
export { WordsPage } from './words.tsx';
