// Where account and comment emails go: SMTP when SMTP_URL is set, else the file outbox.
import { fileOutbox, smtpMailer, type Mailer } from '../../modules/notify/index.ts';
import { ensureWritableDir } from '../../storage/index.ts';
import { defineService } from '../services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

export const service = defineService('mailer', [], async (app, { config, mailer }) => {
  if (mailer) return void app.decorate('mailer', mailer);
  if (config.smtpUrl) return void app.decorate('mailer', smtpMailer(config.smtpUrl, config.mailFrom));
  // Checked at start, so a bad folder is one line now, not an error at the first email.
  ensureWritableDir(config.outboxDir, 'MASTHEAD_OUTBOX_DIR');
  app.decorate('mailer', fileOutbox(config.outboxDir, config.mailFrom));
});
