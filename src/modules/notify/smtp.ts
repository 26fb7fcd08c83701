// Outgoing email over SMTP (nodemailer), for production: SMTP_URL=smtp://user:pass@host:587.
// A pool of a few connections, each reused for many messages: alerts go out in the thousands.
import nodemailer from 'nodemailer';
import { headerValue, PermanentMailError, type Mailer } from './transport.ts';

export function smtpMailer(url: string, from: string, options: { connections?: number } = {}): Mailer & { close(): void } {
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: options.connections ?? 4, maxMessages: 10_000 });
  return {
    async send(message) {
      try {
        // nodemailer folds and encodes headers itself; line breaks cannot inject new ones.
        await transport.sendMail({
          from,
          to: message.to,
          subject: headerValue(message.subject),
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          ...(message.headers ? { headers: Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [headerValue(k), headerValue(v)])) } : {}),
          ...(message.messageId ? { messageId: message.messageId } : {}),
        });
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        // 5xx: the server refused for good (no such mailbox, policy); 4xx and network errors are retried.
        if (typeof code === 'number' && code >= 500 && code < 600) throw new PermanentMailError((error as Error).message, code);
        throw error;
      }
    },
    close() {
      transport.close();
    },
  };
}
