// Read models for the conversation: a story's thread page by page, one comment in context,
// the moderators' queues, and the stamp that keys cached story pages.
import { decisionText, type StoredDecision } from '../moderation/index.ts';
import { decodeCursor as readCursor, encodeCursor as pageCursor, precompiled, type Queryable } from '../../storage/index.ts';
import type { CommentStatus, ThreadMode } from './domain.ts';
import type { ModStatus } from '../moderation/index.ts';
import type { Role } from '../accounts/index.ts';

export type CommentSort = 'oldest' | 'newest' | 'replies';
export const COMMENT_SORTS: readonly CommentSort[] = ['oldest', 'newest', 'replies'];

export interface CommentView {
  id: string;
  storyId: string;
  parentId: string | null;
  rootId: string;
  /** The comment it is shown under: its parent, or for the deepest replies, a third-level ancestor. */
  displayParentId: string | null;
  level: number;
  authorId: string | null;
  /** Null once the writer deleted their account. */
  authorName: string | null;
  staff: boolean;
  html: string;
  markdown: string;
  status: CommentStatus;
  featured: boolean;
  createdAt: string;
  editedAt: string | null;
  replyCount: number;
  reportCount: number;
  toxicity: number | null;
  /** Set on a reply shown under an ancestor rather than its own parent (threads show 3 levels). */
  inReplyTo: { id: string; authorName: string | null } | null;
  replies: CommentView[];
  /** Replies not shown on this page (see the comment's own page). */
  hiddenReplies: number;
}

export interface ThreadInfo {
  storyId: string;
  mode: ThreadMode;
  slowModeSeconds: number;
  publishedCount: number;
  modifiedAt: string | null;
}


const COLUMNS = [
  'c.id', 'c.story_id', 'c.parent_id', 'c.root_id', 'c.display_parent_id', 'c.level', 'c.author_id', 'u.display_name', 'u.role',
  'c.body_html', 'c.body_markdown', 'c.status', 'c.featured', 'c.created_at', 'c.edited_at', 'c.reply_count', 'c.report_count', 'c.toxicity',
] as const;

function base(db: Queryable) {
  return db.selectFrom('comments as c').leftJoin('users as u', 'u.id', 'c.author_id').select(COLUMNS);
}

/** A comment row as `base` reads it (derived from the query, so the two cannot drift apart). */
type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toView(row: Row): CommentView {
  return {
    id: row.id,
    storyId: row.story_id,
    parentId: row.parent_id,
    rootId: row.root_id,
    displayParentId: row.display_parent_id,
    level: Number(row.level),
    authorId: row.author_id,
    authorName: row.display_name,
    staff: row.role !== null && row.role !== 'reader',
    html: row.body_html,
    markdown: row.body_markdown,
    status: row.status,
    featured: Number(row.featured) === 1,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    replyCount: Number(row.reply_count),
    reportCount: Number(row.report_count),
    toxicity: row.toxicity === null ? null : Number(row.toxicity),
    inReplyTo: null,
    replies: [],
    hiddenReplies: 0,
  };
}

const threadRow = precompiled((db: Queryable, storyId: string) => db.selectFrom('comment_threads').selectAll().where('story_id', '=', storyId));

export async function getThreadInfo(db: Queryable, storyId: string): Promise<ThreadInfo> {
  const [row] = await threadRow(db, storyId);
  return {
    storyId,
    mode: row?.mode ?? 'default',
    slowModeSeconds: Number(row?.slow_mode_seconds ?? 0),
    publishedCount: Number(row?.published_count ?? 0),
    modifiedAt: row?.modified_at ?? null,
  };
}

/** What keys a cached story page: changes whenever readers would see the thread differently. */
const threadStampRow = precompiled((db: Queryable, storyId: string) => db.selectFrom('comment_threads').select(['modified_at', 'mode']).where('story_id', '=', storyId));

export async function threadStamp(db: Queryable, storyId: string): Promise<string> {
  const [row] = await threadStampRow(db, storyId);
  return row ? `${row.modified_at}:${row.mode}` : 'none';
}

export async function getComment(db: Queryable, id: string): Promise<CommentView | null> {
  const row = await base(db).where('c.id', '=', id).executeTakeFirst();
  return row ? toView(row) : null;
}

/** Readers see published comments, and a placeholder for others that still have visible replies. */
const visibleToReaders = (c: CommentView) => c.status === 'published';

export interface ThreadPage {
  comments: CommentView[];
  featured: CommentView[];
  next: string | null;
}

interface Cursor {
  at: string;
  id: string;
  replies?: number;
}

export function encodeCursor(cursor: Cursor): string {
  return pageCursor(cursor.replies === undefined ? [cursor.at, cursor.id] : [cursor.at, cursor.id, cursor.replies]);
}

/** The "most replies" order pages by (replies, time, id); the others by (time, id). */
export function decodeCursor(raw: string): Cursor | null {
  const three = readCursor(raw, ['time', 'id', 'count']);
  if (three) return { at: three[0], id: three[1], replies: three[2] };
  const two = readCursor(raw, ['time', 'id']);
  return two ? { at: two[0], id: two[1] } : null;
}

const REPLIES_PER_COMMENT = 10;
const REPLIES_PER_PAGE = 400;

/** Hangs replies under their display parent, at most `perParent` each, counting the rest. */
function assemble(roots: CommentView[], replies: CommentView[], perParent: number): void {
  const byId = new Map<string, CommentView>();
  for (const c of [...roots, ...replies]) byId.set(c.id, c);
  for (const reply of replies) {
    const parent = byId.get(reply.displayParentId ?? '');
    if (!parent) continue;
    if (reply.parentId && reply.parentId !== parent.id) {
      const original = byId.get(reply.parentId);
      reply.inReplyTo = { id: reply.parentId, authorName: original?.authorName ?? null };
    }
    parent.replies.push(reply);
  }
  // Prune what readers cannot see: a hidden comment stays only as a placeholder above visible replies.
  const prune = (list: CommentView[]): CommentView[] =>
    list.filter((c) => {
      c.replies = prune(c.replies);
      if (c.replies.length > perParent) {
        c.hiddenReplies += c.replies.length - perParent;
        c.replies = c.replies.slice(0, perParent);
      }
      return visibleToReaders(c) || c.replies.length > 0;
    });
  const kept = prune(roots);
  roots.splice(0, roots.length, ...kept);
}

const repliesOfRoots = precompiled((db: Queryable, rootIds: readonly string[]) =>
  base(db).where('c.root_id', 'in', rootIds).where('c.level', '>', 0).orderBy('c.created_at').orderBy('c.id').limit(REPLIES_PER_PAGE),
);

async function repliesOf(db: Queryable, rootIds: string[], limit: number): Promise<CommentView[]> {
  if (rootIds.length === 0) return [];
  // The story page's case (ten roots at most, a page of replies) runs compiled; a comment's own page asks for more.
  const rows =
    limit === REPLIES_PER_PAGE && rootIds.length <= 20
      ? await repliesOfRoots(db, rootIds)
      : await base(db).where('c.root_id', 'in', rootIds).where('c.level', '>', 0).orderBy('c.created_at').orderBy('c.id').limit(limit).execute();
  return rows.map(toView);
}

/** Top-level comments readers can see (or that hold visible replies), in the page's order, after the cursor. */
function rootsQuery(db: Queryable, storyId: string, sort: CommentSort, cursor: Cursor | null) {
  let query = base(db)
    .where('c.story_id', '=', storyId)
    .where('c.level', '=', 0)
    .where((eb) => eb.or([eb('c.status', '=', 'published'), eb('c.reply_count', '>', 0)]));
  if (sort === 'oldest') {
    if (cursor) query = query.where((eb) => eb(eb.refTuple('c.created_at', 'c.id'), '>', eb.tuple(cursor.at, cursor.id)));
    return query.orderBy('c.created_at', 'asc').orderBy('c.id', 'asc');
  }
  if (sort === 'newest') {
    if (cursor) query = query.where((eb) => eb(eb.refTuple('c.created_at', 'c.id'), '<', eb.tuple(cursor.at, cursor.id)));
    return query.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc');
  }
  if (cursor) query = query.where((eb) => eb(eb.refTuple('c.reply_count', 'c.created_at', 'c.id'), '<', eb.tuple(cursor.replies ?? 0, cursor.at, cursor.id)));
  return query.orderBy('c.reply_count', 'desc').orderBy('c.created_at', 'desc').orderBy('c.id', 'desc');
}

/** First pages (what every story page shows) run compiled, one query per sort and size. */
const firstPages = new Map<string, (db: Queryable, storyId: string) => Promise<Row[]>>();

function firstPage(sort: CommentSort, rows: number) {
  const key = `${sort}:${rows}`;
  let query = firstPages.get(key);
  if (!query) firstPages.set(key, (query = precompiled((db: Queryable, storyId: string) => rootsQuery(db, storyId, sort, null).limit(rows))));
  return query;
}

const featuredOf = precompiled((db: Queryable, storyId: string) =>
  base(db).where('c.story_id', '=', storyId).where('c.featured', '=', 1).where('c.status', '=', 'published').orderBy('c.created_at').limit(5),
);

/** A page of top-level comments with their replies (threads of three levels). */
export async function listThread(
  db: Queryable,
  storyId: string,
  options: { sort: CommentSort; cursor?: string | null; limit?: number; repliesPerComment?: number },
): Promise<ThreadPage> {
  const limit = options.limit ?? 20;
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  const [found, featured] = await Promise.all([
    cursor ? rootsQuery(db, storyId, options.sort, cursor).limit(limit + 1).execute() : firstPage(options.sort, limit + 1)(db, storyId),
    cursor ? [] : featuredOf(db, storyId),
  ]);
  const rows = found.map(toView);
  const more = rows.length > limit;
  const roots = rows.slice(0, limit);
  const last = roots[roots.length - 1];
  const replies = await repliesOf(
    db,
    roots.map((r) => r.id),
    REPLIES_PER_PAGE,
  );
  assemble(roots, replies, options.repliesPerComment ?? REPLIES_PER_COMMENT);
  return {
    comments: roots,
    featured: featured.map(toView),
    next: more && last ? encodeCursor({ at: last.createdAt, id: last.id, ...(options.sort === 'replies' ? { replies: last.replyCount } : {}) }) : null,
  };
}

/** One top-level comment with all its replies (up to 1,000), for a comment's own page. */
export async function getThreadOf(db: Queryable, commentId: string): Promise<{ root: CommentView; focus: CommentView } | null> {
  const focus = await getComment(db, commentId);
  if (!focus) return null;
  const root = focus.level === 0 ? focus : await getComment(db, focus.rootId);
  if (!root) return null;
  const roots = [{ ...root, replies: [] }];
  assemble(roots, await repliesOf(db, [root.id], 1000), 1000);
  const shown = roots[0] ?? { ...root, replies: [] };
  return { root: shown, focus };
}

export interface QueueItem {
  comment: CommentView;
  story: { id: string; slug: string; headline: string };
  parent: CommentView | null;
  /** Each phase's decision, with the sentence rendered from its code. */
  decisions: { phase: string; action: string; code: string | null; reason: string }[];
  reports: { reason: string; note: string | null; reporterName: string | null; createdAt: string }[];
  authorStatus: string | null;
}

export type QueueName = 'pending' | 'reported' | 'rejected';
export const QUEUES: readonly QueueName[] = ['pending', 'reported', 'rejected'];

export async function queueCounts(db: Queryable): Promise<Record<QueueName, number>> {
  const [pending, reported, rejected] = await Promise.all([
    db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending').executeTakeFirst(),
    db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).where('report_count', '>', 0).where('status', '=', 'published').executeTakeFirst(),
    db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'rejected').executeTakeFirst(),
  ]);
  return { pending: Number(pending?.n ?? 0), reported: Number(reported?.n ?? 0), rejected: Number(rejected?.n ?? 0) };
}

/** Oldest first for the work queues (pending, reported); newest first for rejected. */
export async function listQueue(db: Queryable, queue: QueueName, options: { storyId?: string; limit?: number } = {}): Promise<QueueItem[]> {
  let query = queueBase(db).limit(options.limit ?? 50);
  if (queue === 'pending') query = query.where('c.status', '=', 'pending').orderBy('c.created_at', 'asc');
  else if (queue === 'reported') query = query.where('c.status', '=', 'published').where('c.report_count', '>', 0).orderBy('c.report_count', 'desc').orderBy('c.created_at', 'asc');
  else query = query.where('c.status', '=', 'rejected').orderBy('c.status_changed_at', 'desc');
  if (options.storyId) query = query.where('c.story_id', '=', options.storyId);
  return withContext(db, await query.execute());
}

/** One comment as the moderators' desk shows it, whatever its status. */
export async function getQueueItem(db: Queryable, commentId: string): Promise<QueueItem | null> {
  const rows = await queueBase(db).where('c.id', '=', commentId).execute();
  return (await withContext(db, rows))[0] ?? null;
}

function queueBase(db: Queryable) {
  return base(db).innerJoin('stories as s', 's.id', 'c.story_id').select(['s.slug as story_slug', 's.headline as story_headline', 'c.decisions', 'u.mod_status']);
}

type QueueRow = Awaited<ReturnType<ReturnType<typeof queueBase>['execute']>>[number];

/** Adds each comment's open reports and its parent, two queries for the whole page. */
async function withContext(db: Queryable, rows: QueueRow[]): Promise<QueueItem[]> {
  const ids = rows.map((r) => r.id);
  const parentIds = [...new Set(rows.map((r) => r.parent_id).filter((p): p is string => p !== null))];
  const [reports, parents] = await Promise.all([
    ids.length
      ? db
          .selectFrom('comment_reports as r')
          .leftJoin('users as u', 'u.id', 'r.reporter_id')
          .select(['r.comment_id', 'r.reason', 'r.note', 'r.created_at', 'u.display_name'])
          .where('r.comment_id', 'in', ids)
          .where('r.resolved_at', 'is', null)
          .orderBy('r.created_at')
          .execute()
      : Promise.resolve([]),
    parentIds.length ? base(db).where('c.id', 'in', parentIds).execute() : Promise.resolve([]),
  ]);
  const parentById = new Map(parents.map((p) => [p.id, toView(p)]));
  return rows.map((r) => ({
    comment: toView(r),
    story: { id: r.story_id, slug: r.story_slug, headline: r.story_headline },
    parent: r.parent_id ? (parentById.get(r.parent_id) ?? null) : null,
    decisions: parseDecisions(r.decisions),
    reports: reports.filter((x) => x.comment_id === r.id).map((x) => ({ reason: x.reason, note: x.note, reporterName: x.display_name, createdAt: x.created_at })),
    authorStatus: r.mod_status,
  }));
}

function parseDecisions(raw: string): QueueItem['decisions'] {
  try {
    const value = JSON.parse(raw) as unknown;
    if (!Array.isArray(value)) return [];
    return (value as StoredDecision[]).map((d) => ({ phase: d.phase, action: d.action, code: d.code ?? null, reason: decisionText(d) }));
  } catch {
    return [];
  }
}

/** Why a comment is held or rejected, as its writer is told: the holds, rejections and moderator's reason. */
export async function commentReasons(db: Queryable, id: string): Promise<string[]> {
  const row = await db.selectFrom('comments').select(['decisions', 'status']).where('id', '=', id).executeTakeFirst();
  if (!row || (row.status !== 'pending' && row.status !== 'rejected')) return [];
  const decisions = parseDecisions(row.decisions);
  const moderator = decisions.filter((d) => d.phase === 'moderator');
  if (row.status === 'rejected' && moderator.length > 0) return [moderator[moderator.length - 1]?.reason ?? ''];
  const reports = row.status === 'pending' && decisions.every((d) => d.action !== 'hold') ? ['Readers reported it; a moderator will review it.'] : [];
  return [...decisions.filter((d) => d.action === (row.status === 'pending' ? 'hold' : 'reject')).map((d) => d.reason), ...reports];
}

/** A writer's own comments, newest first, with where each stands. */
export async function listCommentsBy(db: Queryable, authorId: string, limit = 50): Promise<(CommentView & { storySlug: string; storyHeadline: string })[]> {
  const rows = await base(db)
    .innerJoin('stories as s', 's.id', 'c.story_id')
    .select(['s.slug as story_slug', 's.headline as story_headline'])
    .where('c.author_id', '=', authorId)
    .where('c.status', '!=', 'deleted')
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...toView(r), storySlug: r.story_slug, storyHeadline: r.story_headline }));
}

/** A commenter as the moderators' desk shows them: account, moderation status, comments by status. */
export interface CommenterProfile {
  id: string;
  displayName: string;
  email: string;
  role: Role;
  modStatus: ModStatus;
  suspendedUntil: string | null;
  createdAt: string;
  counts: Record<string, number>;
}

export async function commenterProfile(db: Queryable, userId: string): Promise<CommenterProfile | null> {
  const [row, counts] = await Promise.all([
    db.selectFrom('users').select(['id', 'display_name', 'email', 'role', 'mod_status', 'suspended_until', 'created_at']).where('id', '=', userId).executeTakeFirst(),
    db.selectFrom('comments').select(['status', (eb) => eb.fn.countAll().as('n')]).where('author_id', '=', userId).groupBy('status').execute(),
  ]);
  if (!row) return null;
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    modStatus: row.mod_status,
    suspendedUntil: row.suspended_until,
    createdAt: row.created_at,
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
  };
}
