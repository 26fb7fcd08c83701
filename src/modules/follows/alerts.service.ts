// Breaking-news alerts. A story is breaking when the desk marked it so or its wire gave it an
// urgency of 1 or 2. The first time such a story is public, an alert round is recorded and every
// follower of its primary topic or of one of its authors who chose instant alerts gets one
// email, queued in the same transaction; a later update alerts again only when an editor marks
// it a major update (a new round). The job that runs this finds its work from the tables
// (not from an event that a crash could lose), so a round is never missed and never doubled:
// each round is claimed by a conditional update, and each message is keyed by round and subscriber.
import { sql } from 'kysely';
import { AppError } from '../../errors.ts';
import { nowIso, withTransaction, type Db, type Queryable } from '../../storage/index.ts';

/** Stories first published longer ago than this are not alerted (a site turning alerts on does not mail its archive). */
export const ALERT_WINDOW_MS = 3600_000;

/** Records round 0 for breaking stories published in the last hour that have none yet; returns how many. */
async function recordFirstRounds(db: Queryable, now: Date): Promise<number> {
  const since = new Date(now.getTime() - ALERT_WINDOW_MS).toISOString();
  const rows = await db
    .selectFrom('stories as s')
    .select('s.id')
    .where('s.status', '=', 'published')
    .where('s.published_at', '>=', since)
    .where((eb) => eb.or([eb('s.breaking', '=', 1), eb.and([eb('s.urgency', 'is not', null), eb('s.urgency', '<=', 2)])]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('story_alerts as a').select('a.story_id').whereRef('a.story_id', '=', 's.id'))))
    .execute();
  for (const row of rows) {
    await db.insertInto('story_alerts').values({ story_id: row.id, round: 0, requested_at: nowIso(now), requested_by: null, queued_at: null, recipients: null }).onConflict((oc) => oc.columns(['story_id', 'round']).doNothing()).execute();
  }
  return rows.length;
}

/** Queues the emails of one round, in one transaction with its claim; null when another process took it. */
async function queueRound(db: Db, storyId: string, round: number, now: Date): Promise<number | null> {
  return withTransaction(db, async (tx) => {
    const claimed = await tx.updateTable('story_alerts').set({ queued_at: nowIso(now) }).where('story_id', '=', storyId).where('round', '=', round).where('queued_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return null;
    const story = await tx.selectFrom('stories').select(['status', 'primary_topic_id']).where('id', '=', storyId).executeTakeFirst();
    // Held, embargoed, withheld or withdrawn in the meantime: the round is closed with nobody mailed.
    if (!story || story.status !== 'published') {
      await tx.updateTable('story_alerts').set({ recipients: 0 }).where('story_id', '=', storyId).where('round', '=', round).execute();
      return 0;
    }
    const data = JSON.stringify({ storyId, round });
    const at = nowIso(now);
    const followers = tx
      .selectFrom('follows as f')
      .innerJoin('subscribers as sub', 'sub.id', 'f.subscriber_id')
      .leftJoin('users as u', 'u.id', 'sub.user_id')
      .where('f.cadence', '=', 'instant')
      .where('sub.status', '=', 'active')
      // An account's alerts go to its confirmed address only, and never to a deactivated account.
      .where((eb) => eb.or([eb('sub.user_id', 'is', null), eb.and([eb('u.email_verified_at', 'is not', null), eb('u.deactivated_at', 'is', null)])]))
      .where((eb) =>
        eb.or([
          eb.and([eb('f.target_kind', '=', 'topic'), eb('f.target_id', '=', story.primary_topic_id ?? '')]),
          eb.and([eb('f.target_kind', '=', 'author'), eb('f.target_id', 'in', eb.selectFrom('story_authors').select('author_id').where('story_id', '=', storyId))]),
        ]),
      )
      .where((eb) => eb.not(eb.exists(eb.selectFrom('email_bounces as b').select('b.address').where('b.address', '=', eb.fn.coalesce('u.email', 'sub.email')))))
      .select((eb) => [
        sql<string>`${`alert:${storyId}:${round}:`} || sub.id`.as('key'),
        eb.fn.coalesce('u.email', 'sub.email').as('to_address'),
        sql<string>`${'alert'}`.as('template'),
        sql<string>`${data}`.as('data'),
        'sub.id as subscriber_id',
        sql<string>`${at}`.as('next_attempt_at'),
        sql<string>`${at}`.as('created_at'),
      ])
      .distinct();
    const inserted = await tx
      .insertInto('email_outbox')
      .columns(['key', 'to_address', 'template', 'data', 'subscriber_id', 'next_attempt_at', 'created_at'])
      .expression(followers as never)
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    const recipients = Number(inserted.numInsertedOrUpdatedRows ?? 0);
    await tx.updateTable('story_alerts').set({ recipients }).where('story_id', '=', storyId).where('round', '=', round).execute();
    return recipients;
  });
}

export interface AlertReport {
  stories: string[];
  recipients: number;
}

/** Records new rounds and queues every round not yet queued. Every app process may run it. */
export async function queueDueAlerts(db: Db, now: Date = new Date()): Promise<AlertReport> {
  await recordFirstRounds(db, now);
  const due = await db.selectFrom('story_alerts').select(['story_id', 'round']).where('queued_at', 'is', null).orderBy('requested_at').limit(20).execute();
  const report: AlertReport = { stories: [], recipients: 0 };
  for (const round of due) {
    const recipients = await queueRound(db, round.story_id, Number(round.round), now);
    if (recipients === null) continue;
    report.stories.push(round.story_id);
    report.recipients += recipients;
  }
  return report;
}

/**
 * An editor marks an update of a public breaking story as major: its followers are alerted
 * again. In the caller's transaction (the desk's save).
 */
export async function requestUpdateAlert(tx: Queryable, storyId: string, requestedBy: string): Promise<number> {
  const story = await tx.selectFrom('stories').select(['status', 'breaking', 'urgency']).where('id', '=', storyId).executeTakeFirst();
  const isBreaking = story && (Number(story.breaking) === 1 || (story.urgency !== null && Number(story.urgency) <= 2));
  if (!story || story.status !== 'published' || !isBreaking) throw new AppError('ALERT_NOT_BREAKING', 'Only a published breaking story alerts its followers; mark it breaking news first.');
  const last = await tx.selectFrom('story_alerts').select((eb) => eb.fn.max('round').as('round')).where('story_id', '=', storyId).executeTakeFirst();
  const round = last?.round === null || last?.round === undefined ? 0 : Number(last.round) + 1;
  await tx.insertInto('story_alerts').values({ story_id: storyId, round, requested_at: nowIso(), requested_by: requestedBy, queued_at: null, recipients: null }).execute();
  return round;
}
