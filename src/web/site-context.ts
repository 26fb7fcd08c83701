// Settings and navigation for rendering. Loaded with each render (renders are rare: pages are
// cached), and remembered so error pages can still show the site's name when the database is down.
import { DEFAULT_SETTINGS, loadSettings } from '../modules/settings/index.ts';
import { listNavTopics } from '../modules/topics/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { ViewContext } from './views/context.ts';
import { safeTimeZone } from './views/format-time.ts';

export class SiteContext {
  #last: ViewContext;

  constructor(
    private readonly publicUrl: string,
    private readonly urls: Pick<ViewContext, 'stylesheet' | 'favicon' | 'scripts'>,
  ) {
    this.#last = this.#build(DEFAULT_SETTINGS, []);
  }

  #build(settings: ViewContext['settings'], nav: ViewContext['nav']): ViewContext {
    return { settings, nav, publicUrl: this.publicUrl, ...this.urls, timeZone: safeTimeZone(settings.timezone) };
  }

  async load(db: Queryable): Promise<ViewContext> {
    const [settings, nav] = await Promise.all([loadSettings(db), listNavTopics(db)]);
    this.#last = this.#build(settings, nav);
    return this.#last;
  }

  lastKnown(): ViewContext {
    return this.#last;
  }
}
