// Where email goes: SMTP when SMTP_URL is set, else the file outbox folder; and the outbox
// sender, which renders queued rows with the renderers each area adds and hands them over.
// server.ts runs `outbox.flush` on a timer in every process; tests call it directly.
import { randomUUID } from 'node:crypto';
import { accountEmailRenderers } from '../../modules/accounts/index.ts';
import { fileOutbox, sendDueEmails, smtpMailer, type EmailRenderers, type Mailer, type SendReport } from '../../modules/notify/index.ts';
import { ensureWritableDir } from '../../storage/index.ts';
import { defineService } from '../services.ts';

export interface OutboxService {
  /** Adds the renderers of an area's templates. */
  addRenderers(renderers: EmailRenderers): void;
  /** Sends what is due now; resolves when the pass is over. */
  flush(): Promise<SendReport>;
}

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
    outbox: OutboxService;
  }
}

export const service = defineService('mailer', ['database', 'site'], async (app, { config, mailer }) => {
  let transport: Mailer;
  if (mailer) transport = mailer;
  else if (config.smtpUrl) {
    const smtp = smtpMailer(config.smtpUrl, config.mailFrom);
    app.addHook('onClose', () => smtp.close());
    transport = smtp;
  } else {
    // Checked at start, so a bad folder is one line now, not an error at the first email.
    ensureWritableDir(config.outboxDir, 'MASTHEAD_OUTBOX_DIR');
    transport = fileOutbox(config.outboxDir, config.mailFrom);
  }
  app.decorate('mailer', transport);
  const siteName = () => app.site.lastKnown().settings.siteName;
  const renderers: Record<string, EmailRenderers[string]> = { ...accountEmailRenderers({ publicUrl: config.publicUrl, siteName }) };
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const host = new URL(config.publicUrl).hostname;
  let running: Promise<SendReport> | null = null;
  app.decorate('outbox', {
    addRenderers(more: EmailRenderers) {
      Object.assign(renderers, more);
    },
    flush() {
      // One pass at a time in this process; a second caller waits for the pass and then runs its own.
      const pass = (running ?? Promise.resolve()).catch(() => {}).then(async () => {
        await app.site.load(app.db);
        return sendDueEmails(app.db, {
          transport,
          renderers,
          owner,
          messageIdHost: host,
          leaseMs: config.emailLeaseMs,
          onFailure: (row, error, final) => app.log.warn({ err: error, template: row.template, key: row.key, final }, final ? 'an email could not be sent; given up' : 'an email could not be sent; will retry'),
        });
      });
      running = pass;
      return pass.finally(() => {
        if (running === pass) running = null;
      });
    },
  });
});
