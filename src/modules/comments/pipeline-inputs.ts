// What the moderation pipeline is given for a submission: the writer, the story, the writer's
// recent history and the site's policy, each read in one bounded query, and then its verdict.
import { moderate, type ModerationSettings, type WriterHistory } from '../moderation/index.ts';
import { commentFingerprint } from '../text/index.ts';
import type { Queryable } from '../../storage/index.ts';
import type { ThreadMode } from './domain.ts';
import type { ConversationContext } from './conversation-context.ts';
import { CommentError, RECENT_MS, SLOW_MODE_MAX_SECONDS } from './conversation-types.ts';

/**
 * The writer as the pipeline sees them, in one query. Approved comments are counted only up to
 * the highest threshold a rule asks about: a regular with thousands costs no more than a newcomer.
 */
export async function writerOf(q: Queryable, userId: string, settings: ModerationSettings) {
  const cap = Math.max(settings.premodUntilApproved, settings.linksNeedApproved, 1);
  const user = await q
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      'u.role',
      'u.mod_status',
      'u.suspended_until',
      'u.display_name',
      'u.email_verified_at',
      eb
        .selectFrom((qb) => qb.selectFrom('comments as c').select('c.author_id').whereRef('c.author_id', '=', 'u.id').where('c.status', '=', 'published').limit(cap).as('a'))
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('approved'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!user) throw new CommentError('SIGN_IN_REQUIRED', 'Sign in to comment.');
  return {
    id: user.id,
    role: user.role,
    modStatus: user.mod_status,
    suspendedUntil: user.suspended_until,
    approvedCount: Number(user.approved ?? 0),
    emailVerified: user.email_verified_at !== null,
    displayName: user.display_name,
  };
}

export async function storyFor(q: Queryable, storyId: string) {
  const story = await q
    .selectFrom('stories as s')
    .leftJoin('comment_threads as t', 't.story_id', 's.id')
    .select(['s.status', 't.mode', 't.slow_mode_seconds'])
    .where('s.id', '=', storyId)
    .executeTakeFirst();
  if (!story) throw new CommentError('STORY_NOT_FOUND', 'That story does not exist.');
  return { published: story.status === 'published', mode: story.mode ?? ('default' as ThreadMode), slowModeSeconds: Number(story.slow_mode_seconds ?? 0) };
}

/**
 * What the rate limits and the repeat check need to know of the writer's recent comments. Each
 * part is its own bounded range of the comments_author index (a covering index): the minute's
 * count stops at the limit, and slow mode looks back as far as the longest slow mode allows.
 */
export async function historyOf(ctx: ConversationContext, q: Queryable, input: { userId: string; storyId: string; fingerprint: string; excludeId?: string | undefined }, perMinute: number): Promise<WriterHistory> {
  const at = ctx.now().getTime();
  const since = (ms: number) => new Date(at - ms).toISOString();
  const mine = (window: number) => {
    let query = q.selectFrom('comments').where('author_id', '=', input.userId).where('created_at', '>', since(window));
    if (input.excludeId) query = query.where('id', '!=', input.excludeId);
    return query;
  };
  const row = await q
    .selectNoFrom((eb) => [
      eb.selectFrom(mine(60_000).select('author_id').limit(Math.max(perMinute, 1)).as('m')).select((e) => e.fn.countAll<number>().as('n')).as('last_minute'),
      mine(60_000).select((e) => e.fn.min('created_at').as('t')).as('oldest'),
      mine(SLOW_MODE_MAX_SECONDS * 1000).where('story_id', '=', input.storyId).select((e) => e.fn.max('created_at').as('t')).as('last_on_story'),
      mine(RECENT_MS).where('fingerprint', '=', input.fingerprint).select('author_id').limit(1).as('repeated'),
    ])
    .executeTakeFirst();
  return {
    lastMinute: Number(row?.last_minute ?? 0),
    oldestInLastMinute: row?.oldest ?? null,
    lastOnStory: row?.last_on_story ?? null,
    repeated: (row?.repeated ?? null) !== null,
  };
}

/** Gathers what the pipeline needs (in parallel, policy first) and asks it for a verdict. */
export async function judge(ctx: ConversationContext, input: { userId: string; storyId: string; body: string; confirmed: boolean; editing?: string }) {
  const fingerprint = commentFingerprint(input.body);
  const settings = await ctx.moderationSettings();
  const [writer, story, compiled, history] = await Promise.all([
    writerOf(ctx.db, input.userId, settings),
    storyFor(ctx.db, input.storyId),
    ctx.wordLists(),
    historyOf(ctx, ctx.db, { userId: input.userId, storyId: input.storyId, fingerprint, excludeId: input.editing }, settings.perMinute),
  ]);
  const verdict = await moderate({
    submission: { body: input.body, confirmed: input.confirmed, ...(input.editing ? { editing: true } : {}) },
    writer,
    story,
    settings,
    words: compiled,
    scorer: ctx.scorerFor(settings, compiled),
    history,
    storyId: input.storyId,
    now: ctx.now(),
  });
  return { verdict, writer, fingerprint };
}

