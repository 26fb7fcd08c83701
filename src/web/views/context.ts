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
  /** The site's icon (an SVG asset). */
  favicon: string;
  /** Hashed URLs of the enhancement scripts. */
  scripts: { liveComments: string };
  timeZone: string;
}

export interface PageHead {
  title: string;
  description?: string | null;
  /** Absolute canonical URL. */
  canonical?: string | null;
  robots?: string;
  /** Extra head elements: OpenGraph, JSON-LD. */
  extra?: preact.ComponentChildren;
}
