// Digests: once a day at each subscriber's chosen local hour (the site's time zone), and once a
// week on their chosen day, one email grouping the new stories of everything they follow with
// that cadence. Queued for every due subscriber with one INSERT … SELECT, keyed by period,
// local date and subscriber, so a second process or a second pass in the same hour queues
// nothing more. The message is made when sent (list-emails.ts); a digest with nothing new in it
// is not sent.
import { sql } from 'kysely';
import { nowIso, withTransaction, type Db } from '../../storage/index.ts';

export interface LocalTime {
  date: string;
  hour: number;
  /** 0 Sunday … 6 Saturday */
  weekday: number;
}

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' }).formatToParts(at).map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? '') };
}

export type DigestPeriod = 'daily' | 'weekly';

/** Queues the digests due now for one period; returns how many were queued. */
export async function queueDigests(db: Db, period: DigestPeriod, options: { now?: Date; timeZone: string }): Promise<number> {
  const now = options.now ?? new Date();
  const local = localTime(now, options.timeZone);
  const since = new Date(now.getTime() - (period === 'daily' ? 1 : 7) * 86_400_000).toISOString();
  const until = now.toISOString();
  const lastColumn = period === 'daily' ? 'last_daily' : 'last_weekly';
  const at = nowIso(now);
  const data = JSON.stringify({ period, date: local.date, since, until });
  return withTransaction(db, async (tx) => {
    const due = tx
      .selectFrom('subscribers as sub')
      .leftJoin('users as u', 'u.id', 'sub.user_id')
      .where('sub.status', '=', 'active')
      .where('sub.digest_hour', '=', local.hour)
      .$if(period === 'weekly', (q) => q.where('sub.weekly_day', '=', local.weekday))
      .where((eb) => eb.or([eb(`sub.${lastColumn}`, 'is', null), eb(`sub.${lastColumn}`, '<', local.date)]))
      .where((eb) => eb.or([eb('sub.user_id', 'is', null), eb.and([eb('u.email_verified_at', 'is not', null), eb('u.deactivated_at', 'is', null)])]))
      .where((eb) => eb.exists(eb.selectFrom('follows as f').select('f.subscriber_id').whereRef('f.subscriber_id', '=', 'sub.id').where('f.cadence', '=', period)))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('email_bounces as b').select('b.address').where('b.address', '=', eb.fn.coalesce('u.email', 'sub.email')))));
    const inserted = await tx
      .insertInto('email_outbox')
      .columns(['key', 'to_address', 'template', 'data', 'subscriber_id', 'next_attempt_at', 'created_at'])
      .expression(
        due.select((eb) => [
          sql<string>`${`digest:${period}:${local.date}:`} || sub.id`.as('key'),
          eb.fn.coalesce('u.email', 'sub.email').as('to_address'),
          sql<string>`${'digest'}`.as('template'),
          sql<string>`${data}`.as('data'),
          'sub.id as subscriber_id',
          sql<string>`${at}`.as('next_attempt_at'),
          sql<string>`${at}`.as('created_at'),
        ]) as never,
      )
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    await tx
      .updateTable('subscribers')
      .set({ [lastColumn]: local.date })
      .where('status', '=', 'active')
      .where('digest_hour', '=', local.hour)
      .$if(period === 'weekly', (q) => q.where('weekly_day', '=', local.weekday))
      .where((eb) => eb.or([eb(lastColumn, 'is', null), eb(lastColumn, '<', local.date)]))
      .execute();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0);
  });
}

/** Both periods; the job runs it every few minutes. */
export async function queueDueDigests(db: Db, options: { now?: Date; timeZone: string }): Promise<{ daily: number; weekly: number }> {
  return { daily: await queueDigests(db, 'daily', options), weekly: await queueDigests(db, 'weekly', options) };
}
