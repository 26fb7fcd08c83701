// About, contact and corrections pages, hashed stylesheets, and the health check.
import { sql } from 'kysely';
import { renderDocument } from '../views/layout.tsx';
import { listCorrections } from '../../modules/stories/index.ts';
import { AboutPage, ContactPage, CorrectionsPage } from '../views/pages.tsx';
import { pageQuery } from './schemas.ts';
import { cachedPage, contentStamp } from '../web-context.ts';
import { defineArea } from '../areas.ts';
import { editorBundle } from '../editor-bundle.ts';
import { themeCss, themeUrl } from '../theme.ts';
import { logoReadable, shareImage, shareImagePath } from '../share-image.ts';

export const area = defineArea('site', async (app) => {
  const { assets } = app;
  const pages = { '/about': AboutPage, '/contact': ContactPage };
  for (const [path, Page] of Object.entries(pages)) {
    app.get(path, async (request, reply) => {
      const stamp = await contentStamp(app);
      await cachedPage(app, request, reply, path, stamp, async (ctx) => ({
        status: 200,
        body: renderDocument(<Page ctx={ctx} />),
        lastModified: null,
      }));
      return reply;
    });
  }

  // A correction changes its story, so the site's content stamp covers this page too.
  app.get<{ Querystring: { before?: string } }>('/corrections', { schema: { querystring: pageQuery } }, async (request, reply) => {
    const before = request.query.before ?? null;
    const stamp = await contentStamp(app);
    await cachedPage(app, request, reply, `corrections:${before ?? ''}`, stamp, async (ctx) => {
      const page = await listCorrections(app.db, before ?? undefined);
      return { status: 200, body: renderDocument(<CorrectionsPage ctx={ctx} items={page.items} next={page.next} paged={before !== null} />), lastModified: null };
    });
    return reply;
  });

  const byUrl = new Map([...assets.values()].map((a) => [a.url, a]));
  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const url = `/assets/${request.params.file}`;
    if (/^theme\.[0-9a-f]{10}\.css$/.test(request.params.file)) {
      const { settings } = await app.site.load(app.db);
      const current = themeUrl(settings.brandColour);
      if (!current) return reply.callNotFound();
      // An old page's colour gets today's colour, briefly cached; the current address, for good.
      return reply
        .header('content-type', 'text/css; charset=utf-8')
        .header('cache-control', current === url ? 'public, max-age=31536000, immutable' : 'public, max-age=60')
        .send(themeCss(settings.brandColour));
    }
    if (/^share\.[0-9a-f]{10}\.png$/.test(request.params.file)) {
      const ctx = await app.site.load(app.db);
      const logo = ctx.logo && (await logoReadable(app.config.mediaDir, ctx.logo.url)) ? ctx.logo : null;
      const image = await shareImage({ settings: ctx.settings, logo }, app.config.mediaDir);
      // An old look's address gets today's image, briefly cached; the current address, for good.
      return reply
        .header('content-type', 'image/png')
        .header('cache-control', shareImagePath(ctx) === url ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
        .send(image.body);
    }
    // The desk's editor is bundled on first use (web/editor-bundle.ts).
    const asset = byUrl.get(url) ?? (url.startsWith('/assets/story-editor.') ? await editorBundle().then((b) => (b.url === url ? b : undefined)) : undefined);
    if (!asset) return reply.callNotFound();
    return reply
      .header('content-type', asset.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(asset.body);
  });

  // Browsers ask for /favicon.ico whatever the page says; send them to the station's icon (it can change).
  app.get('/favicon.ico', async (_request, reply) => {
    const ctx = await app.site.load(app.db);
    return reply.header('cache-control', 'public, max-age=3600').redirect(ctx.favicon, 302);
  });

  app.get('/healthz', async (request, reply) => {
    const started = performance.now();
    try {
      await sql`select 1`.execute(app.db);
      return reply.header('cache-control', 'no-store').send({
        status: 'ok',
        database: 'ok',
        dialect: app.config.database.kind,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
      });
    } catch (error) {
      // The database's own message names its host and port: it goes to the log, not to whoever asks.
      request.log.warn({ err: error }, 'health check: the database is unreachable');
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', database: 'unreachable' });
    }
  });
});
