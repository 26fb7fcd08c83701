export { DEFAULT_SETTINGS, loadSettings, saveSettings } from './settings.repository.ts';
export type { SiteSettings } from './settings.repository.ts';
