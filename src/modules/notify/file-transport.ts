// Until SMTP is configured, messages are written as .eml files to a folder, where a developer
// (or a test) can open them.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { headerValue, type Mailer } from './transport.ts';

export function fileOutbox(dir: string, from: string): Mailer {
  return {
    async send(message) {
      await fs.mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      const head = [
        `From: ${headerValue(from)}`,
        `To: ${headerValue(message.to)}`,
        `Subject: ${headerValue(message.subject)}`,
        `Date: ${new Date().toUTCString()}`,
        ...(message.messageId ? [`Message-ID: ${headerValue(message.messageId)}`] : []),
        ...Object.entries(message.headers ?? {}).map(([name, value]) => `${headerValue(name)}: ${headerValue(value)}`),
        'MIME-Version: 1.0',
      ];
      let body: string[];
      if (message.html) {
        const boundary = `masthead-${randomBytes(8).toString('hex')}`;
        body = [
          ...head,
          `Content-Type: multipart/alternative; boundary="${boundary}"`,
          '',
          `--${boundary}`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          message.text,
          `--${boundary}`,
          'Content-Type: text/html; charset=utf-8',
          '',
          message.html,
          `--${boundary}--`,
          '',
        ];
      } else {
        body = [...head, 'Content-Type: text/plain; charset=utf-8', '', message.text, ''];
      }
      // Written aside and renamed into place, so whoever reads the folder never sees half a message.
      const partial = path.join(dir, `.${name}.partial`);
      await fs.writeFile(partial, body.join('\r\n'));
      await fs.rename(partial, path.join(dir, name));
    },
  };
}
