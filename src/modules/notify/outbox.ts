// Outgoing email. Until SMTP is configured, messages are written as .eml files to an outbox
// folder, where a developer (or a test) can open them.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}

/** Header values never carry a line break (no header injection). */
const header = (value: string) => value.replace(/[\r\n]+/g, ' ');

export function fileOutbox(dir: string, from: string): Mailer {
  return {
    async send(message) {
      await fs.mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      const body = [
        `From: ${header(from)}`,
        `To: ${header(message.to)}`,
        `Subject: ${header(message.subject)}`,
        `Date: ${new Date().toUTCString()}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        message.text,
        '',
      ].join('\r\n');
      // Written aside and renamed into place, so whoever reads the folder never sees half a message.
      const partial = path.join(dir, `.${name}.partial`);
      await fs.writeFile(partial, body);
      await fs.rename(partial, path.join(dir, name));
    },
  };
}
