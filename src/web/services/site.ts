// The site's stylesheet, scripts and icon under content-hashed names, and its settings and
// navigation for rendering.
import { loadAssets, type Asset } from '../assets.ts';
import { SiteContext } from '../site-context.ts';
import { defineService } from '../services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    site: SiteContext;
    assets: Map<string, Asset>;
  }
}

export const service = defineService('site', [], async (app, { config }) => {
  const assets = loadAssets();
  const stylesheet = assets.get('site.css');
  const liveScript = assets.get('live-comments.js');
  const embedScript = assets.get('video-embeds.js');
  const followScript = assets.get('follow.js');
  const favicon = assets.get('favicon.svg');
  if (!stylesheet || !liveScript || !embedScript || !followScript || !favicon || !assets.get('tip-form.js')) throw new Error('web/assets/site.css, live-comments.js, video-embeds.js, follow.js, tip-form.js or favicon.svg is missing');
  app.decorate('assets', assets);
  app.decorate('site', new SiteContext(config.publicUrl, { stylesheet: stylesheet.url, favicon: favicon.url, scripts: { liveComments: liveScript.url, videoEmbeds: embedScript.url, follow: followScript.url } }));
});
