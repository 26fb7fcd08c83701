export { fileOutbox } from './file-transport.ts';
export { smtpMailer } from './smtp.ts';
export { PermanentMailError } from './transport.ts';
export type { EmailMessage, Mailer } from './transport.ts';
export { OUTBOX_KEEP_DAYS, purgeFinishedEmail, queueEmail } from './outbox.ts';
export type { QueuedEmail } from './outbox.ts';
export { messageIdFor, retryDelayMs, sendDueEmails } from './sender.ts';
export type { EmailRenderer, EmailRenderers, OutboxRow, RenderedEmail, SendReport, SenderOptions } from './sender.ts';
