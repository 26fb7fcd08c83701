export { fileOutbox } from './outbox.ts';
export type { EmailMessage, Mailer } from './outbox.ts';
export { smtpMailer } from './smtp.ts';
