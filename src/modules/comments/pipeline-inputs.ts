// What the moderation pipeline is given for a submission: the writer, the story, the writer's
// recent history and the site's policy, read in one round trip, and then its verdict.
import { moderate, type ModerationSettings, type WriterHistory } from '../moderation/index.ts';
import { commentFingerprint } from '../text/index.ts';
import { fromJson, jsonObjectFrom, precompiled, type Queryable } from '../../storage/index.ts';
import type { ModStatus } from '../moderation/index.ts';
import type { Role } from '../accounts/index.ts';
import type { ThreadMode } from './domain.ts';
import type { ConversationContext } from './conversation-context.ts';
import { CommentError, RECENT_MS, SLOW_MODE_MAX_SECONDS } from './conversation-types.ts';

type InputsArgs = [userId: string, storyId: string, fingerprint: string, lastMinute: string, slowModeWindow: string, recentWindow: string, ...excludeId: string[]];

/**
 * Everything the pipeline reads for one submission, in one round trip: the writer (approved
 * comments counted only up to the highest threshold a rule asks about, so a regular with
 * thousands costs no more than a newcomer), the story and its thread, and the writer's recent
 * history (each part its own bounded range of the comments_author index: the minute's count
 * stops at the limit, and slow mode looks back as far as the longest slow mode allows).
 */
function inputsQuery(approvedCap: number, perMinute: number) {
  return (q: Queryable, ...[userId, storyId, fingerprint, lastMinute, slowModeWindow, recentWindow, ...exclude]: InputsArgs) => {
    const mine = (since: string) => {
      let query = q.selectFrom('comments').where('author_id', '=', userId).where('created_at', '>', since);
      for (const id of exclude) query = query.where('id', '!=', id);
      return query;
    };
    return q.selectNoFrom((eb) => [
      jsonObjectFrom(
        q,
        eb
          .selectFrom('users as u')
          .select((e) => [
            'u.id',
            'u.role',
            'u.mod_status',
            'u.suspended_until',
            'u.display_name',
            'u.email_verified_at',
            e
              .selectFrom((qb) => qb.selectFrom('comments as c').select('c.author_id').whereRef('c.author_id', '=', 'u.id').where('c.status', '=', 'published').limit(approvedCap).as('a'))
              .select((x) => x.fn.countAll<number>().as('n'))
              .as('approved'),
          ])
          .where('u.id', '=', userId),
      ).as('writer'),
      jsonObjectFrom(
        q,
        eb.selectFrom('stories as s').leftJoin('comment_threads as t', 't.story_id', 's.id').select(['s.status', 't.mode', 't.slow_mode_seconds']).where('s.id', '=', storyId),
      ).as('story'),
      eb.selectFrom(mine(lastMinute).select('author_id').limit(Math.max(perMinute, 1)).as('m')).select((e) => e.fn.countAll<number>().as('n')).as('last_minute'),
      mine(lastMinute).select((e) => e.fn.min('created_at').as('t')).as('oldest'),
      mine(slowModeWindow).where('story_id', '=', storyId).select((e) => e.fn.max('created_at').as('t')).as('last_on_story'),
      mine(recentWindow).where('fingerprint', '=', fingerprint).select('author_id').limit(1).as('repeated'),
    ]);
  };
}

// Compiled once per policy (the two numbers are part of the SQL), and per edit or new comment.
const inputsQueries = new Map<string, ReturnType<typeof compileInputs>>();
function compileInputs(approvedCap: number, perMinute: number) {
  return precompiled(inputsQuery(approvedCap, perMinute));
}

interface WriterRow {
  id: string;
  role: Role;
  mod_status: ModStatus;
  suspended_until: string | null;
  display_name: string;
  email_verified_at: string | null;
  approved: number | string | null;
}

export async function pipelineInputs(
  ctx: ConversationContext,
  q: Queryable,
  input: { userId: string; storyId: string; fingerprint: string; excludeId?: string | undefined },
  settings: ModerationSettings,
) {
  const cap = Math.max(settings.premodUntilApproved, settings.linksNeedApproved, 1);
  const key = `${cap}:${settings.perMinute}`;
  let query = inputsQueries.get(key);
  if (!query) inputsQueries.set(key, (query = compileInputs(cap, settings.perMinute)));
  const at = ctx.now().getTime();
  const since = (ms: number) => new Date(at - ms).toISOString();
  const [row] = await query(q, input.userId, input.storyId, input.fingerprint, since(60_000), since(SLOW_MODE_MAX_SECONDS * 1000), since(RECENT_MS), ...(input.excludeId ? [input.excludeId] : []));
  const user = fromJson<WriterRow>(row?.writer);
  if (!user) throw new CommentError('SIGN_IN_REQUIRED', 'Sign in to comment.');
  const story = fromJson<{ status: string; mode: ThreadMode | null; slow_mode_seconds: number | null }>(row?.story);
  if (!story) throw new CommentError('STORY_NOT_FOUND', 'That story does not exist.');
  const history: WriterHistory = {
    lastMinute: Number(row?.last_minute ?? 0),
    oldestInLastMinute: row?.oldest ?? null,
    lastOnStory: row?.last_on_story ?? null,
    repeated: (row?.repeated ?? null) !== null,
  };
  return {
    writer: {
      id: user.id,
      role: user.role,
      modStatus: user.mod_status,
      suspendedUntil: user.suspended_until,
      approvedCount: Number(user.approved ?? 0),
      emailVerified: user.email_verified_at !== null,
      displayName: user.display_name,
    },
    story: { published: story.status === 'published', mode: story.mode ?? ('default' as ThreadMode), slowModeSeconds: Number(story.slow_mode_seconds ?? 0) },
    history,
  };
}

/** A story's state for the conversation (the desk's thread settings). */
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

/** Gathers what the pipeline needs (in parallel, policy first) and asks it for a verdict. */
export async function judge(ctx: ConversationContext, input: { userId: string; storyId: string; body: string; confirmed: boolean; editing?: string }) {
  const fingerprint = commentFingerprint(input.body);
  const settings = await ctx.moderationSettings();
  const [{ writer, story, history }, compiled] = await Promise.all([
    pipelineInputs(ctx, ctx.db, { userId: input.userId, storyId: input.storyId, fingerprint, excludeId: input.editing }, settings),
    ctx.wordLists(),
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
  return { verdict, writer, fingerprint, settings, story };
}

