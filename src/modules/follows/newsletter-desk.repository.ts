// What the desk's newsletter page shows: subscribers by status, followers per topic and
// cadence, the week's sends and failures by kind, the latest failures and the latest alerts.
import type { Queryable } from '../../storage/index.ts';

export interface NewsletterOverview {
  subscribers: { active: number; pending: number; unsubscribed: number; bounced: number };
  topics: { id: string; name: string; slug: string; instant: number; daily: number; weekly: number; none: number }[];
  sends: { template: string; status: string; count: number }[];
  failures: { to: string; template: string; at: string; error: string }[];
  alerts: { storyId: string; headline: string; slug: string; round: number; queuedAt: string | null; recipients: number | null }[];
}

export async function newsletterOverview(db: Queryable, now: Date = new Date()): Promise<NewsletterOverview> {
  const statusRows = await db.selectFrom('subscribers').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const count = (status: string) => Number(statusRows.find((r) => r.status === status)?.n ?? 0);
  const bounced = await db.selectFrom('email_bounces').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const followRows = await db
    .selectFrom('follows as f')
    .innerJoin('topics as t', 't.id', 'f.target_id')
    .innerJoin('subscribers as s', 's.id', 'f.subscriber_id')
    .select(['t.id', 't.name', 't.slug', 'f.cadence', (eb) => eb.fn.countAll<number>().as('n')])
    .where('f.target_kind', '=', 'topic')
    .where('s.status', '=', 'active')
    .groupBy(['t.id', 't.name', 't.slug', 'f.cadence'])
    .execute();
  const topics = new Map<string, NewsletterOverview['topics'][number]>();
  for (const row of followRows) {
    const topic = topics.get(row.id) ?? { id: row.id, name: row.name, slug: row.slug, instant: 0, daily: 0, weekly: 0, none: 0 };
    topic[row.cadence] = Number(row.n);
    topics.set(row.id, topic);
  }
  const week = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const sends = await db.selectFrom('email_outbox').select(['template', 'status', (eb) => eb.fn.countAll<number>().as('n')]).where('created_at', '>=', week).groupBy(['template', 'status']).orderBy('template').execute();
  const failures = await db.selectFrom('email_outbox').select(['to_address', 'template', 'created_at', 'last_error']).where('status', '=', 'failed').orderBy('created_at', 'desc').limit(20).execute();
  const alerts = await db
    .selectFrom('story_alerts as a')
    .innerJoin('stories as s', 's.id', 'a.story_id')
    .select(['a.story_id', 's.headline', 's.slug', 'a.round', 'a.queued_at', 'a.recipients'])
    .orderBy('a.requested_at', 'desc')
    .limit(10)
    .execute();
  return {
    subscribers: { active: count('active'), pending: count('pending'), unsubscribed: count('unsubscribed'), bounced: Number(bounced.n) },
    topics: [...topics.values()].sort((a, b) => b.instant + b.daily + b.weekly - (a.instant + a.daily + a.weekly) || a.name.localeCompare(b.name)),
    sends: sends.map((r) => ({ template: r.template, status: r.status, count: Number(r.n) })),
    failures: failures.map((r) => ({ to: r.to_address, template: r.template, at: r.created_at, error: r.last_error ?? '' })),
    alerts: alerts.map((r) => ({ storyId: r.story_id, headline: r.headline, slug: r.slug, round: Number(r.round), queuedAt: r.queued_at, recipients: r.recipients === null ? null : Number(r.recipients) })),
  };
}
