export { bumpSiteRevision, DEFAULT_SETTINGS, loadSettings, saveSettings, siteRevision, siteSecret } from './settings.repository.ts';
export type { SiteSettings } from './settings.repository.ts';
export { contrastWithWhite, setSiteImage, settingsProblem, updateSiteSettings } from './site-settings.service.ts';
export type { EditableSettings } from './site-settings.service.ts';
