export { ensureAuthor, findAuthorBySlug, findAuthorRedirect, listStaffAuthorNames } from './authors.repository.ts';
export type { Author, AuthorProfile } from './authors.repository.ts';
export { loadStaffProfile, profileProblem, saveStaffProfile, setProfilePhoto } from './profiles.service.ts';
export type { ProfileActor, ProfileInput, StaffProfile } from './profiles.service.ts';
