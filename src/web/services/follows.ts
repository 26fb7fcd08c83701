// Follows' email: the renderers of alerts, digests and newsletter confirmations, the secret that
// signs their links, and the desk's digest preview.
import { listEmails } from '../../modules/follows/index.ts';
import type { RenderedEmail } from '../../modules/notify/index.ts';
import { siteSecret } from '../../modules/settings/index.ts';
import { storyPath } from '../views/urls.ts';
import { defineService } from '../services.ts';

export interface FollowsService {
  /** Signs and checks the links in list mail and the newsletter's confirmation links. */
  secret: Buffer;
  previewDigest(period: 'daily' | 'weekly'): Promise<RenderedEmail | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    follows: FollowsService;
  }
}

export const service = defineService('follows', ['database', 'site', 'mailer'], async (app, { config }) => {
  const secret = await siteSecret(app.db, 'email-links');
  const emails = listEmails({
    db: app.db,
    secret,
    publicUrl: config.publicUrl,
    siteName: () => app.site.lastKnown().settings.siteName,
    timeZone: () => app.site.lastKnown().timeZone,
    storyPath,
  });
  app.outbox.addRenderers(emails.renderers);
  app.decorate('follows', { secret, previewDigest: (period: 'daily' | 'weekly') => emails.previewDigest(period) });
});
