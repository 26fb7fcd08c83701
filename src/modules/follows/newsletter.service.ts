// Email without an account: an address and the topics wanted, confirmed by a link (double
// opt-in) before anything is sent; a preferences page reached from any email by its signed
// link; one-click unsubscribe; and a subscriber's export and deletion (what GDPR asks for).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { isEmailAddress, normaliseEmail } from '../accounts/index.ts';
import { queueEmail } from '../notify/index.ts';
import { nowIso, withTransaction, type Queryable } from '../../storage/index.ts';
import { sha256Hex } from '../text/index.ts';
import type { Cadence } from './domain.ts';
import { listSubscriberFollows, subscriberForUser, writeFollow, type Follow } from './follows.service.ts';

const CONFIRM_DAYS = 7;
/** Confirmation emails to one address in an hour. */
export const CONFIRMS_PER_HOUR = 3;

interface ConfirmClaim {
  sub: string;
  topics: string[];
  cadence: Cadence;
  exp: number;
}

const sign = (secret: Buffer, body: string) => createHmac('sha256', secret).update(`newsletter-confirm:${body}`).digest('base64url');

function confirmToken(secret: Buffer, claim: ConfirmClaim): string {
  const body = Buffer.from(JSON.stringify(claim)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

function readConfirmToken(secret: Buffer, token: string): ConfirmClaim | null {
  const [body = '', mac = ''] = token.split('.');
  const expected = Buffer.from(sign(secret, body));
  if (!body || Buffer.from(mac).length !== expected.length || !timingSafeEqual(Buffer.from(mac), expected)) return null;
  try {
    const claim = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ConfirmClaim;
    return claim.exp > Date.now() ? claim : null;
  } catch {
    return null;
  }
}

export interface NewsletterSignUp {
  email: string;
  topicIds: string[];
  cadence: Cadence;
}

/**
 * A sign-up: the confirmation email is queued (the page says the same whether or not the address
 * is known), and nothing else is sent until its link is opened. The topics wait in the signed link.
 */
export async function signUpForNewsletter(db: Queryable, secret: Buffer, input: NewsletterSignUp): Promise<void> {
  const email = normaliseEmail(input.email);
  if (!isEmailAddress(email)) throw new AppError('EMAIL_INVALID', 'Enter a valid email address.');
  const topics = [...new Set(input.topicIds)].slice(0, 50);
  if (topics.length === 0) throw new AppError('SUBSCRIBE_TOPICS_REQUIRED', 'Choose at least one topic to hear about.');
  if (input.cadence === 'none') throw new AppError('CADENCE_INVALID', 'Choose how often to hear from us.');
  await withTransaction(db, async (tx) => {
    const known = await tx.selectFrom('topics').select(['id', 'name']).where('id', 'in', topics).execute();
    if (known.length !== topics.length) throw new AppError('FOLLOW_TARGET_UNKNOWN', 'One of those topics does not exist.');
    let subscriber = await tx.selectFrom('subscribers').select(['id', 'status']).where('email', '=', email).executeTakeFirst();
    if (!subscriber) {
      subscriber = { id: randomUUID(), status: 'pending' };
      await tx.insertInto('subscribers').values({ id: subscriber.id, email, user_id: null, status: 'pending', created_at: nowIso(), confirmed_at: null, unsubscribed_at: null, confirm_sha256: null, confirm_expires_at: null, last_daily: null, last_weekly: null }).execute();
    }
    // A few confirmations an hour to one address, however often the form is sent: nobody's inbox is flooded.
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const recent = await tx.selectFrom('email_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('subscriber_id', '=', subscriber.id).where('template', '=', 'newsletter.confirm').where('created_at', '>=', hourAgo).executeTakeFirstOrThrow();
    if (Number(recent.n) >= CONFIRMS_PER_HOUR) return;
    const exp = Date.now() + CONFIRM_DAYS * 86_400_000;
    const token = confirmToken(secret, { sub: subscriber.id, topics, cadence: input.cadence, exp });
    // Only the newest link works; opening it is the consent, so an active subscriber confirms new topics too.
    await tx.updateTable('subscribers').set({ confirm_sha256: sha256Hex(token), confirm_expires_at: new Date(exp).toISOString(), ...(subscriber.status === 'unsubscribed' ? { status: 'pending' } : {}) }).where('id', '=', subscriber.id).execute();
    await queueEmail(tx, { key: `newsletter.confirm:${sha256Hex(token)}`, to: email, template: 'newsletter.confirm', data: { token, topics: known.map((t) => t.name) }, subscriberId: subscriber.id });
  });
}

/** Opens a confirmation link: the subscriber is active and follows what they asked for. Returns the subscriber. */
export async function confirmNewsletter(db: Queryable, secret: Buffer, token: string): Promise<string> {
  const claim = readConfirmToken(secret, token);
  const invalid = new AppError('SUBSCRIBER_LINK_INVALID', 'That confirmation link is not valid any more. Sign up again to get a new one.');
  if (!claim) throw invalid;
  return withTransaction(db, async (tx) => {
    const row = await tx.selectFrom('subscribers').select(['id', 'email', 'confirm_sha256']).where('id', '=', claim.sub).executeTakeFirst();
    if (!row || row.confirm_sha256 !== sha256Hex(token)) throw invalid;
    let subscriberId = row.id;
    // An address that has an account: the follows are the account's, and the list entry goes.
    const account = row.email ? await tx.selectFrom('users').select('id').where('email', '=', row.email).executeTakeFirst() : undefined;
    if (account) {
      await tx.deleteFrom('subscribers').where('id', '=', row.id).execute();
      subscriberId = await subscriberForUser(tx, account.id);
      await tx.updateTable('subscribers').set({ status: 'active', unsubscribed_at: null }).where('id', '=', subscriberId).execute();
    } else {
      await tx.updateTable('subscribers').set({ status: 'active', confirmed_at: nowIso(), unsubscribed_at: null, confirm_sha256: null, confirm_expires_at: null }).where('id', '=', row.id).execute();
    }
    for (const topicId of claim.topics) {
      const exists = await tx.selectFrom('topics').select('id').where('id', '=', topicId).executeTakeFirst();
      if (exists) await writeFollow(tx, subscriberId, { kind: 'topic', id: topicId }, claim.cadence);
    }
    return subscriberId;
  });
}

/** One-click unsubscribe: no more list mail, including anything already queued. */
export async function unsubscribe(db: Queryable, subscriberId: string): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const done = await tx.updateTable('subscribers').set({ status: 'unsubscribed', unsubscribed_at: nowIso() }).where('id', '=', subscriberId).where('status', '!=', 'unsubscribed').executeTakeFirst();
    await tx.updateTable('email_outbox').set({ status: 'cancelled', last_error: 'unsubscribed' }).where('subscriber_id', '=', subscriberId).where('status', '=', 'queued').execute();
    return Number(done.numUpdatedRows) === 1;
  });
}

export interface SubscriberPreferences {
  id: string;
  email: string;
  /** True for an account's subscriber: its address is the account's. */
  account: boolean;
  status: 'pending' | 'active' | 'unsubscribed';
  digestHour: number;
  weeklyDay: number;
  follows: Follow[];
}

export async function subscriberPreferences(db: Queryable, subscriberId: string): Promise<SubscriberPreferences | null> {
  const row = await db
    .selectFrom('subscribers as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.email', 'u.email as account_email', 's.status', 's.digest_hour', 's.weekly_day'])
    .where('s.id', '=', subscriberId)
    .executeTakeFirst();
  if (!row) return null;
  return { id: row.id, email: row.account_email ?? row.email ?? '', account: row.account_email !== null, status: row.status, digestHour: Number(row.digest_hour), weeklyDay: Number(row.weekly_day), follows: await listSubscriberFollows(db, row.id) };
}

/** The preferences page saved: every topic's choice ('none' removes it), the digest's hour and day, email on or off. */
export async function saveSubscriberPreferences(db: Queryable, subscriberId: string, input: { topics: { id: string; cadence: Cadence | null }[]; digestHour: number; weeklyDay: number; emailOn: boolean }): Promise<void> {
  if (!Number.isInteger(input.digestHour) || input.digestHour < 0 || input.digestHour > 23) throw new AppError('DIGEST_HOUR_INVALID', 'Choose an hour from 0 to 23 for the daily digest.');
  if (!Number.isInteger(input.weeklyDay) || input.weeklyDay < 0 || input.weeklyDay > 6) throw new AppError('DIGEST_DAY_INVALID', 'Choose a day of the week for the weekly digest.');
  await withTransaction(db, async (tx) => {
    const row = await tx.selectFrom('subscribers').select(['status']).where('id', '=', subscriberId).executeTakeFirst();
    if (!row) throw new AppError('SUBSCRIBER_LINK_INVALID', 'That link is not valid any more.');
    for (const topic of input.topics) {
      if (topic.cadence === null) await tx.deleteFrom('follows').where('subscriber_id', '=', subscriberId).where('target_kind', '=', 'topic').where('target_id', '=', topic.id).execute();
      else if (await tx.selectFrom('topics').select('id').where('id', '=', topic.id).executeTakeFirst()) await writeFollow(tx, subscriberId, { kind: 'topic', id: topic.id }, topic.cadence);
    }
    // A pending sign-up is confirmed only by its link, never by this page.
    const status = row.status === 'pending' ? {} : input.emailOn ? { status: 'active' as const, unsubscribed_at: null } : { status: 'unsubscribed' as const, unsubscribed_at: nowIso() };
    await tx.updateTable('subscribers').set({ digest_hour: input.digestHour, weekly_day: input.weeklyDay, ...status }).where('id', '=', subscriberId).execute();
    if (!input.emailOn) await tx.updateTable('email_outbox').set({ status: 'cancelled', last_error: 'unsubscribed' }).where('subscriber_id', '=', subscriberId).where('status', '=', 'queued').execute();
  });
}

/** Everything kept about a subscriber, as JSON a person can read. */
export async function exportSubscriber(db: Queryable, subscriberId: string): Promise<Record<string, unknown> | null> {
  const prefs = await subscriberPreferences(db, subscriberId);
  if (!prefs) return null;
  const row = await db.selectFrom('subscribers').select(['created_at', 'confirmed_at', 'unsubscribed_at']).where('id', '=', subscriberId).executeTakeFirstOrThrow();
  const messages = await db.selectFrom('email_outbox').select(['template', 'status', 'created_at', 'sent_at']).where('subscriber_id', '=', subscriberId).orderBy('created_at').execute();
  return {
    email: prefs.email,
    status: prefs.status,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    unsubscribedAt: row.unsubscribed_at,
    dailyDigestHour: prefs.digestHour,
    weeklyDigestDay: prefs.weeklyDay,
    follows: prefs.follows.map((f) => ({ kind: f.kind, name: f.name, cadence: f.cadence, since: f.createdAt })),
    messages: messages.map((m) => ({ kind: m.template, status: m.status, queuedAt: m.created_at, sentAt: m.sent_at })),
  };
}

/** Removes a subscriber, their follows and their messages. An account's subscriber goes; the account stays. */
export async function deleteSubscriber(db: Queryable, subscriberId: string): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.deleteFrom('email_outbox').where('subscriber_id', '=', subscriberId).execute();
    await tx.deleteFrom('subscribers').where('id', '=', subscriberId).execute();
  });
}
