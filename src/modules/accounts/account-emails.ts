// The account's emails: confirm an address, a sign-up with an address that has an account, a
// password reset, a change of address (to the new address and a notice to the old), a staff
// invitation and a staff password reset. Each is queued in the outbox in the transaction that
// made its link, keyed by the link, so it is sent once; its text is made when it is sent.
import { queueEmail, type EmailRenderers } from '../notify/index.ts';
import type { Queryable } from '../../storage/index.ts';
import { sha256Hex } from '../text/index.ts';

export const ACCOUNT_TEMPLATES = ['account.verify', 'account.registered', 'account.reset', 'account.email-new', 'account.email-old', 'staff.invite', 'staff.reset'] as const;
export type AccountTemplate = (typeof ACCOUNT_TEMPLATES)[number];

/**
 * Queues one account email for a link's token (the key is the token's hash, never the token).
 * The token rides in the row only when the message carries the link, and only until it is sent.
 */
export function queueAccountEmail(tx: Queryable, template: AccountTemplate, to: string, token: string, data: Record<string, string>, carriesLink = true): Promise<boolean> {
  return queueEmail(tx, { key: `${template}:${sha256Hex(token)}`, to, template, data: carriesLink ? { ...data, token } : data });
}

export interface AccountMailContext {
  publicUrl: string;
  siteName(): string;
}

export function accountEmailRenderers(ctx: AccountMailContext): EmailRenderers {
  const text = (data: Record<string, unknown>, key: string) => String(data[key] ?? '');
  const url = (path: string, data: Record<string, unknown>) => `${ctx.publicUrl}${path}?token=${encodeURIComponent(text(data, 'token'))}`;
  const render = (make: (data: Record<string, unknown>, site: string) => { subject: string; text: string }) =>
    (_row: unknown, data: Record<string, unknown>) => Promise.resolve(make(data, ctx.siteName()));
  return {
    'account.verify': render((d, site) => ({
      subject: `Confirm your email address for ${site}`,
      text: `Hello ${text(d, 'name')},\n\nPlease confirm your email address by opening this link:\n\n${url('/account/verify', d)}\n\nThe link works for 48 hours and signs you in. If you did not create an account, ignore this message.\n\n${site}`,
    })),
    'account.registered': render((d, site) => ({
      subject: `You already have a ${site} account`,
      text: `Hello ${text(d, 'name')},\n\nSomeone, perhaps you, asked to create a ${site} account with this email address. It already has one, so nothing was changed.\n\nTo sign in: ${ctx.publicUrl}/account/sign-in\n\nForgotten your password? Choose a new one here (the link works for one hour and only once):\n\n${url('/account/reset/confirm', d)}\n\nIf it was not you, ignore this message: your account stays as it is.\n\n${site}`,
    })),
    'account.reset': render((d, site) => ({
      subject: `Reset your ${site} password`,
      text: `Hello ${text(d, 'name')},\n\nTo choose a new password, open this link:\n\n${url('/account/reset/confirm', d)}\n\nThe link works for one hour and only once. If you did not ask for it, ignore this message: your password stays as it is.\n\n${site}`,
    })),
    'account.email-new': render((d, site) => ({
      subject: `Confirm your new email address for ${site}`,
      text: `Hello ${text(d, 'name')},\n\nTo use this address for your ${site} account, open this link:\n\n${url('/account/email/confirm', d)}\n\nThe link works for 48 hours. If you did not ask for this, ignore this message: nothing changes.\n\n${site}`,
    })),
    'account.email-old': render((d, site) => ({
      subject: `Your ${site} email address may change`,
      text: `Hello ${text(d, 'name')},\n\nSomeone signed in to your account asked to change its email address to ${text(d, 'newEmail')}. The change happens only when the link sent there is opened.\n\nIf this was not you, change your password now: ${ctx.publicUrl}/account/reset\n\n${site}`,
    })),
    'staff.invite': render((d, site) => ({
      subject: `You are invited to the ${site} newsroom`,
      text: `Hello ${text(d, 'name')},\n\n${text(d, 'inviter')} invited you to join the ${site} newsroom as ${text(d, 'role')}.\n\nOpen this link to choose your password and sign in (it works once, until ${text(d, 'expiresAt').slice(0, 10)}):\n\n${url('/account/invite', d)}\n\nIf you were not expecting this, ignore the message: nothing happens unless you open the link.\n\n${site}`,
    })),
    'staff.reset': render((d, site) => ({
      subject: `Choose a new password for ${site}`,
      text: `Hello ${text(d, 'name')},\n\nAn admin of the ${site} newsroom reset your password: the old one no longer works, and you have been signed out everywhere.\n\nChoose a new password here (the link works once, for 24 hours):\n\n${url('/account/reset/confirm', d)}\n\n${site}`,
    })),
  };
}
