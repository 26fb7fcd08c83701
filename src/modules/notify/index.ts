export { fileOutbox } from './outbox.ts';
export type { EmailMessage, Mailer } from './outbox.ts';
export { smtpMailer } from './smtp.ts';
export { commentEmails, subscribeCommentEmails } from './comment-emails.ts';
export type { CommentEmails } from './comment-emails.ts';
