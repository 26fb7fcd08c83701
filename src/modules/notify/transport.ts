// What the sender hands a message to: the mail server (smtp.ts) or, until one is configured,
// a folder of .eml files (file-transport.ts).

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to the text part (digests, alerts). */
  html?: string | undefined;
  /** Extra headers, e.g. List-Unsubscribe; values never carry line breaks. */
  headers?: Record<string, string> | undefined;
  /** The same on every attempt, so a mailbox that gets a retry twice can tell it is one message. */
  messageId?: string | undefined;
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}

/**
 * A refusal that retrying will not change (the server said 5xx: no such mailbox, rejected):
 * the sender stops, and list mail stops going to that address.
 */
export class PermanentMailError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | null = null,
  ) {
    super(message);
  }
}

/** Header values never carry a line break (no header injection). */
export const headerValue = (value: string) => value.replace(/[\r\n]+/g, ' ');
