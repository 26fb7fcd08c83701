// A real SMTP server on loopback (smtp-server) that keeps what it is sent: each message's
// envelope, raw text and Message-ID. It can be slow (to catch a sender mid-stream) and can
// refuse chosen recipients with a permanent 550, as a mail server does for a dead mailbox.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  to: string[];
  data: string;
  messageId: string;
  /** A header of the message, unfolded, or '' when it has none. */
  header(name: string): string;
}

export interface SmtpSink {
  url: string;
  messages: SunkMessage[];
  /** Waits until at least `count` messages have arrived (or `timeoutMs` passes). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { delayMs?: number; refuse?: (address: string) => boolean } = {}): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        const error = new Error('5.1.1 no such mailbox here') as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (data += chunk));
      stream.on('end', () => {
        const accept = () => {
          const head = data.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
          const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
          messages.push({ to: session.envelope.rcptTo.map((r) => r.address), data, messageId: header('Message-ID'), header });
          callback();
        };
        if (options.delayMs) setTimeout(accept, options.delayMs);
        else accept();
      });
    },
  });
  // A client killed mid-message resets its connection: that is the point of some tests, not an error.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(count, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
