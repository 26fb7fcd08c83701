// Readers follow topics and authors. A follow belongs to a subscriber: a reader's account has
// one (made on its first follow, using the account's address), and a newsletter sign-up without
// an account is one too (newsletter.service.ts). Each follow carries how it reaches the reader:
// instant breaking alerts, a daily or weekly digest, or only the Following page.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { nowIso, withTransaction, type Queryable } from '../../storage/index.ts';
import { CADENCES, type Cadence, type FollowTarget } from './domain.ts';

/** A reader follows at most this many topics and authors (the Following page reads each). */
export const MAX_FOLLOWS = 100;

export interface FollowRef {
  kind: FollowTarget;
  id: string;
}

export interface Follow extends FollowRef {
  name: string;
  slug: string;
  cadence: Cadence;
  createdAt: string;
}

export const isCadence = (value: string): value is Cadence => (CADENCES as readonly string[]).includes(value);

/** The subscriber of a reader's account, made on first use. A newsletter sign-up with the account's address becomes the account's. */
export async function subscriberForUser(tx: Queryable, userId: string): Promise<string> {
  const mine = await tx.selectFrom('subscribers').select('id').where('user_id', '=', userId).executeTakeFirst();
  if (mine) return mine.id;
  const user = await tx.selectFrom('users').select(['email']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError('ACCOUNT_GONE', 'That account no longer exists.');
  const listed = await tx.selectFrom('subscribers').select(['id']).where('email', '=', user.email).where('user_id', 'is', null).executeTakeFirst();
  if (listed) {
    // The address is the account's from now on: one person, one set of follows. Following from
    // the account is the reader's own choice, so a sign-up never confirmed (or since left) is on.
    await tx.updateTable('subscribers').set({ user_id: userId, email: null, status: 'active', unsubscribed_at: null, confirm_sha256: null, confirm_expires_at: null }).where('id', '=', listed.id).execute();
    return listed.id;
  }
  const id = randomUUID();
  await tx.insertInto('subscribers').values({ id, email: null, user_id: userId, status: 'active', created_at: nowIso(), confirmed_at: nowIso(), unsubscribed_at: null, confirm_sha256: null, confirm_expires_at: null, last_daily: null, last_weekly: null }).execute();
  return id;
}

async function targetExists(tx: Queryable, target: FollowRef): Promise<boolean> {
  const table = target.kind === 'topic' ? 'topics' : 'authors';
  return (await tx.selectFrom(table).select('id').where('id', '=', target.id).executeTakeFirst()) !== undefined;
}

/** Follows (or changes how it follows) a topic or author; returns the cadence now in force. */
export async function setFollow(db: Queryable, userId: string, target: FollowRef, cadence: Cadence = 'instant'): Promise<Cadence> {
  return withTransaction(db, async (tx) => {
    if (!(await targetExists(tx, target))) throw new AppError('FOLLOW_TARGET_UNKNOWN', `That ${target.kind} does not exist.`);
    const subscriberId = await subscriberForUser(tx, userId);
    return writeFollow(tx, subscriberId, target, cadence);
  });
}

/** Writes one follow of a subscriber (in the caller's transaction), within the limit. */
export async function writeFollow(tx: Queryable, subscriberId: string, target: FollowRef, cadence: Cadence): Promise<Cadence> {
  const existing = await tx.selectFrom('follows').select('cadence').where('subscriber_id', '=', subscriberId).where('target_kind', '=', target.kind).where('target_id', '=', target.id).executeTakeFirst();
  if (existing) {
    await tx.updateTable('follows').set({ cadence }).where('subscriber_id', '=', subscriberId).where('target_kind', '=', target.kind).where('target_id', '=', target.id).execute();
    return cadence;
  }
  const count = await tx.selectFrom('follows').select((eb) => eb.fn.countAll<number>().as('n')).where('subscriber_id', '=', subscriberId).executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_FOLLOWS) throw new AppError('FOLLOW_LIMIT', `You can follow up to ${MAX_FOLLOWS} topics and authors; unfollow one first.`);
  await tx.insertInto('follows').values({ subscriber_id: subscriberId, target_kind: target.kind, target_id: target.id, cadence, created_at: nowIso() }).execute();
  return cadence;
}

export async function unfollow(db: Queryable, userId: string, target: FollowRef): Promise<void> {
  const subscriber = await db.selectFrom('subscribers').select('id').where('user_id', '=', userId).executeTakeFirst();
  if (!subscriber) return;
  await db.deleteFrom('follows').where('subscriber_id', '=', subscriber.id).where('target_kind', '=', target.kind).where('target_id', '=', target.id).execute();
}

/** A subscriber's follows with the names and addresses of what they follow, topics first. */
export async function listSubscriberFollows(db: Queryable, subscriberId: string): Promise<Follow[]> {
  const rows = await db
    .selectFrom('follows as f')
    .leftJoin('topics as t', (j) => j.onRef('t.id', '=', 'f.target_id').on('f.target_kind', '=', 'topic'))
    .leftJoin('authors as a', (j) => j.onRef('a.id', '=', 'f.target_id').on('f.target_kind', '=', 'author'))
    .select((eb) => ['f.target_kind', 'f.target_id', 'f.cadence', 'f.created_at', eb.fn.coalesce('t.name', 'a.name').as('name'), eb.fn.coalesce('t.slug', 'a.slug').as('slug')])
    .where('f.subscriber_id', '=', subscriberId)
    .execute();
  return rows
    .flatMap((r) => (r.name && r.slug ? [{ kind: r.target_kind, id: r.target_id, name: r.name, slug: r.slug, cadence: r.cadence, createdAt: r.created_at }] : []))
    .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'topic' ? -1 : 1));
}

export interface ReaderFollows {
  subscriberId: string | null;
  /** False when the reader turned email off (unsubscribed): follows stay, mail stops. */
  emailOn: boolean;
  digestHour: number;
  weeklyDay: number;
  follows: Follow[];
}

export async function readerFollows(db: Queryable, userId: string): Promise<ReaderFollows> {
  const subscriber = await db.selectFrom('subscribers').select(['id', 'status', 'digest_hour', 'weekly_day']).where('user_id', '=', userId).executeTakeFirst();
  if (!subscriber) return { subscriberId: null, emailOn: true, digestHour: 7, weeklyDay: 1, follows: [] };
  return { subscriberId: subscriber.id, emailOn: subscriber.status === 'active', digestHour: Number(subscriber.digest_hour), weeklyDay: Number(subscriber.weekly_day), follows: await listSubscriberFollows(db, subscriber.id) };
}

/** What a reader follows among these targets (the small uncached request behind a cached page's buttons). */
export async function followStates(db: Queryable, userId: string, targets: readonly FollowRef[]): Promise<Map<string, Cadence>> {
  const states = new Map<string, Cadence>();
  if (targets.length === 0) return states;
  const rows = await db
    .selectFrom('follows as f')
    .innerJoin('subscribers as s', 's.id', 'f.subscriber_id')
    .select(['f.target_kind', 'f.target_id', 'f.cadence'])
    .where('s.user_id', '=', userId)
    .where('f.target_id', 'in', targets.map((t) => t.id))
    .execute();
  for (const row of rows) states.set(`${row.target_kind}:${row.target_id}`, row.cadence);
  return states;
}

export interface FollowSettings {
  cadences: { target: FollowRef; cadence: Cadence }[];
  digestHour: number;
  weeklyDay: number;
  emailOn: boolean;
}

/** Saves the account's follows page: each follow's choice, the digest's hour and day, email on or off. */
export async function saveFollowSettings(db: Queryable, userId: string, settings: FollowSettings): Promise<void> {
  if (!Number.isInteger(settings.digestHour) || settings.digestHour < 0 || settings.digestHour > 23) throw new AppError('DIGEST_HOUR_INVALID', 'Choose an hour from 0 to 23 for the daily digest.');
  if (!Number.isInteger(settings.weeklyDay) || settings.weeklyDay < 0 || settings.weeklyDay > 6) throw new AppError('DIGEST_DAY_INVALID', 'Choose a day of the week for the weekly digest.');
  await withTransaction(db, async (tx) => {
    const subscriberId = await subscriberForUser(tx, userId);
    for (const { target, cadence } of settings.cadences) {
      await tx.updateTable('follows').set({ cadence }).where('subscriber_id', '=', subscriberId).where('target_kind', '=', target.kind).where('target_id', '=', target.id).execute();
    }
    await tx
      .updateTable('subscribers')
      .set({ digest_hour: settings.digestHour, weekly_day: settings.weeklyDay, ...(settings.emailOn ? { status: 'active', unsubscribed_at: null } : { status: 'unsubscribed', unsubscribed_at: nowIso() }) })
      .where('id', '=', subscriberId)
      .execute();
  });
}

/** The topics and authors a reader follows, as the ids the Following page reads. */
export async function followedIds(db: Queryable, userId: string): Promise<{ topicIds: string[]; authorIds: string[] }> {
  const rows = await db.selectFrom('follows as f').innerJoin('subscribers as s', 's.id', 'f.subscriber_id').select(['f.target_kind', 'f.target_id']).where('s.user_id', '=', userId).execute();
  return { topicIds: rows.filter((r) => r.target_kind === 'topic').map((r) => r.target_id), authorIds: rows.filter((r) => r.target_kind === 'author').map((r) => r.target_id) };
}
