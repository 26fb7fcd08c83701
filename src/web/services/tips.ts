// The tip line's shared parts: the keyring (read from its file outside the data folder, made
// with a first key when missing, and said so in the log, because a lost key loses every tip),
// the sealed-file store, the secret that signs proof-of-work challenges, and the tip emails.
import { loadKeyring, tipEmailRenderers, type TipsContext } from '../../modules/tips/index.ts';
import { siteSecret } from '../../modules/settings/index.ts';
import { databaseAttemptCounter, ensureWritableDir } from '../../storage/index.ts';
import { defineService } from '../services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    tips: TipsContext;
  }
}

export const service = defineService('tips', ['database', 'events', 'mailer', 'site'], async (app, { config }) => {
  const { keyring, created } = loadKeyring(config.tipKeyFile);
  if (created) app.log.warn({ file: config.tipKeyFile }, 'made a new tip key file: back it up apart from the database, since without it no tip can be read');
  ensureWritableDir(config.tipsDir, 'MASTHEAD_TIPS_DIR');
  const ctx: TipsContext = {
    db: app.db,
    store: { dir: config.tipsDir, keyring },
    challengeSecret: await siteSecret(app.db, 'tip-challenge'),
    attempts: app.redis?.attempts ?? databaseAttemptCounter(app.db),
    events: app.events,
  };
  app.outbox.addRenderers(tipEmailRenderers({ db: app.db, store: ctx.store, publicUrl: config.publicUrl, siteName: () => app.site.lastKnown().settings.siteName }));
  app.decorate('tips', ctx);
});
