// Outgoing email over SMTP (nodemailer), for production: SMTP_URL=smtp://user:pass@host:587.
import nodemailer from 'nodemailer';
import type { Mailer } from './outbox.ts';

export function smtpMailer(url: string, from: string): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      // nodemailer folds and encodes headers itself; line breaks cannot inject new ones.
      await transport.sendMail({ from, to: message.to, subject: message.subject.replace(/[\r\n]+/g, ' '), text: message.text });
    },
    close() {
      transport.close();
    },
  };
}
