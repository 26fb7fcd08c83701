// Settings and navigation for rendering, read again when the site's revision moves, and
// remembered so error pages can still show the site's name when the database is down.
import { DEFAULT_SETTINGS, loadSettings } from '../modules/settings/index.ts';
import { listNavTopics } from '../modules/topics/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { ViewContext } from './views/context.ts';
import { safeTimeZone } from './views/format-time.ts';
import { themeUrl } from './theme.ts';
import type { SiteIcon, SiteLogo } from '../modules/media/index.ts';
import { mediaPath } from './views/urls.ts';

/** A setting kept as JSON; a value that does not read is as good as none. */
function parsed<T>(value: string): T | null {
  if (!value) return null;
  try {
    return JSON.parse(value) as T;
  } catch {
    return null;
  }
}

export class SiteContext {
  #last: ViewContext;
  #revision: string | null = null;

  constructor(
    private readonly publicUrl: string,
    private readonly urls: Pick<ViewContext, 'stylesheet' | 'favicon' | 'scripts'>,
  ) {
    this.#last = this.#build(DEFAULT_SETTINGS, []);
  }

  #build(settings: ViewContext['settings'], nav: ViewContext['nav']): ViewContext {
    const logo = parsed<SiteLogo>(settings.logo);
    const icon = parsed<SiteIcon>(settings.icon);
    return {
      settings,
      nav,
      publicUrl: this.publicUrl,
      ...this.urls,
      ...(icon ? { favicon: mediaPath(icon.small) } : {}),
      touchIcon: icon ? mediaPath(icon.touch) : null,
      logo: logo ? { url: mediaPath(logo.path), width: logo.width, height: logo.height } : null,
      theme: themeUrl(settings.brandColour),
      timeZone: safeTimeZone(settings.timezone),
    };
  }

  /**
   * Settings and navigation as of `revision` (the site stamp, which every change to either
   * bumps): read again only when it moved, so a render after a story changes reads neither.
   */
  async load(db: Queryable, revision: string | null = null): Promise<ViewContext> {
    if (revision !== null && revision === this.#revision) return this.#last;
    const [settings, nav] = await Promise.all([loadSettings(db), listNavTopics(db)]);
    this.#last = this.#build(settings, nav);
    this.#revision = revision;
    return this.#last;
  }

  lastKnown(): ViewContext {
    return this.#last;
  }
}
