import type { FeedScope } from './urls.ts';
import type { SiteSettings } from '../../modules/settings/index.ts';
import type { Topic } from '../../modules/topics/index.ts';

/** What every page needs besides its own content. */
export interface ViewContext {
  settings: SiteSettings;
  nav: Topic[];
  publicUrl: string;
  stylesheet: string;
  /** The station's colour as a stylesheet (web/theme.ts); null for the default look. */
  theme: string | null;
  /** The site's icon: the station's (PNG) or Masthead's (an SVG asset). */
  favicon: string;
  /** The station's icon for home screens (180 px), when it has one. */
  touchIcon: string | null;
  /** The station's logo for the header; null: the name in type. */
  logo: { url: string; width: number; height: number } | null;
  /** Hashed URLs of the enhancement scripts. */
  scripts: { liveComments: string; videoEmbeds: string; follow: string };
  timeZone: string;
}

export interface PageHead {
  title: string;
  description?: string | null;
  /** Absolute canonical URL. */
  canonical?: string | null;
  robots?: string;
  /** The feeds of what the page lists, announced for feed readers (autodiscovery). */
  feeds?: { title: string; scope: FeedScope }[];
  /** Extra head elements: OpenGraph, JSON-LD. */
  extra?: preact.ComponentChildren;
}
