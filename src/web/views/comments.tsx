// The conversation under a story, and the pages around it: write, reply, edit, report, the
// comment's own page and the Community Guidelines. Plain links and forms: no JavaScript needed.
import type { CommentSort, CommentView, ThreadPage } from '../../modules/comments/index.ts';
import { renderCommentMarkdown } from '../../modules/text/index.ts';
import { Csrf, PostButton } from './partials/form.tsx';
import type { ViewContext } from './context.ts';
import { formatDateTime } from './format-time.ts';
import { Layout } from './layout.tsx';
import { commentPath, storyCommentsPath, storyPath } from './urls.ts';

export const SORT_LABELS: Record<CommentSort, string> = { newest: 'Newest', oldest: 'Oldest', replies: 'Most replies' };

export const countLabel = (n: number) => (n === 1 ? '1 comment' : `${n.toLocaleString('en-US')} comments`);

/** Who wrote it: their name, "Deleted account", and a staff badge. */
function Author(props: { comment: CommentView }) {
  const { comment } = props;
  return (
    <span class="comment__author">
      {comment.authorName ?? <span class="comment__gone">Deleted account</span>}
      {comment.staff ? <span class="badge badge--staff">Staff</span> : null}
    </span>
  );
}

export function CommentItem(props: { comment: CommentView; tz: string; focus?: string | undefined; anchor?: string }) {
  const { comment, tz } = props;
  const visible = comment.status === 'published';
  const classes = ['comment', comment.featured ? 'comment--featured' : '', props.focus === comment.id ? 'comment--focus' : ''].filter(Boolean).join(' ');
  return (
    <li class={classes} id={`${props.anchor ?? 'comment'}-${comment.id}`}>
      <article aria-label={visible ? `Comment by ${comment.authorName ?? 'a deleted account'}` : 'Comment not available'}>
        {visible ? (
          <>
            <header class="comment__header">
              <Author comment={comment} />
              {comment.featured ? <span class="badge badge--featured">Featured</span> : null}
              <a class="comment__time" href={commentPath(comment.id)}>
                <time datetime={comment.createdAt}>{formatDateTime(comment.createdAt, tz)}</time>
              </a>
              {comment.editedAt ? <span class="comment__edited">(edited)</span> : null}
            </header>
            {comment.inReplyTo ? (
              <p class="comment__in-reply-to">
                In reply to <a href={`#comment-${comment.inReplyTo.id}`}>{comment.inReplyTo.authorName ?? 'a deleted account'}</a>
              </p>
            ) : null}
            <div class="comment__body" dangerouslySetInnerHTML={{ __html: comment.html }} />
            <p class="comment__actions">
              <a href={`${commentPath(comment.id)}#reply`}>Reply</a>
              <a href={`${commentPath(comment.id)}/report`}>Report</a>
            </p>
          </>
        ) : (
          <p class="comment__removed">{comment.status === 'deleted' ? 'This comment was deleted by its writer.' : 'This comment is not available.'}</p>
        )}
      </article>
      {comment.replies.length > 0 ? (
        <ol class="comment__replies">
          {comment.replies.map((reply) => (
            <CommentItem key={reply.id} comment={reply} tz={tz} focus={props.focus} />
          ))}
        </ol>
      ) : null}
      {comment.hiddenReplies > 0 ? (
        <p class="comment__more">
          <a href={commentPath(comment.id)}>
            {comment.hiddenReplies === 1 ? 'Show 1 more reply' : `Show ${comment.hiddenReplies} more replies`}
          </a>
        </p>
      ) : null}
    </li>
  );
}

/** "Be part of the conversation": the section under every story, signed in or not. */
export function Conversation(props: { ctx: ViewContext; slug: string; count: number; closed: boolean; page: ThreadPage; sort: CommentSort; paged?: boolean }) {
  const { ctx, slug, page, sort } = props;
  const tz = ctx.timeZone;
  return (
    <section class="conversation" id="comments" aria-labelledby="comments-heading" data-live={`${storyCommentsPath(slug)}/live`} data-sort={sort}>
      <h2 id="comments-heading">Be part of the conversation</h2>
      <p class="conversation__guidelines">
        This is a forum for civil, constructive conversation about this story. Please follow our{' '}
        <a href="/community-guidelines">Community Guidelines</a>.
      </p>
      <p class="conversation__count" data-comment-count aria-live="polite">
        {countLabel(props.count)}
      </p>
      {props.closed ? (
        <p class="conversation__closed">Comments are closed on this story.</p>
      ) : (
        <p class="conversation__join">
          <a class="button-link" href={`${storyPath(slug)}/comment`}>
            Write a comment
          </a>{' '}
          <span class="conversation__signin">
            Commenting needs an account: <a href={`/account/sign-in?next=${encodeURIComponent(`${storyPath(slug)}/comment`)}`}>sign in</a> or{' '}
            <a href="/account/sign-up">create one</a>.
          </span>
        </p>
      )}
      {page.featured.length > 0 ? (
        <section class="conversation__featured" aria-labelledby="featured-heading">
          <h3 id="featured-heading">Featured comments</h3>
          <ol class="comment-list">
            {page.featured.map((c) => (
              <CommentItem key={c.id} comment={{ ...c, replies: [], hiddenReplies: 0, featured: true }} tz={tz} anchor="featured" />
            ))}
          </ol>
        </section>
      ) : null}
      {props.count > 0 || page.comments.length > 0 ? (
        <nav class="conversation__sort" aria-label="Sort comments">
          Sort by:{' '}
          {(Object.keys(SORT_LABELS) as CommentSort[]).map((s) =>
            s === sort ? (
              <strong key={s} aria-current="true">
                {SORT_LABELS[s]}
              </strong>
            ) : (
              <a key={s} href={`${storyCommentsPath(slug)}?sort=${s}#comments`}>
                {SORT_LABELS[s]}
              </a>
            ),
          )}
        </nav>
      ) : null}
      <ol class="comment-list" data-thread>
        {page.comments.map((c) => (
          <CommentItem key={c.id} comment={c} tz={tz} />
        ))}
      </ol>
      {page.comments.length === 0 ? <p class="conversation__empty">No comments yet. Start the conversation.</p> : null}
      {page.next ? (
        <p class="pager">
          <a href={`${storyCommentsPath(slug)}?sort=${sort}&after=${page.next}#comments`} rel="next">
            More comments
          </a>
        </p>
      ) : null}
    </section>
  );
}

export interface StoryRef {
  slug: string;
  headline: string;
}

/** All comments of a story in one sort, page by page. */
export function CommentsPage(props: { ctx: ViewContext; story: StoryRef; count: number; closed: boolean; page: ThreadPage; sort: CommentSort }) {
  return (
    <Layout ctx={props.ctx} head={{ title: `Comments: ${props.story.headline}`, robots: 'noindex, follow' }}>
      <div class="comments-page">
        <p class="back-link">
          <a href={storyPath(props.story.slug)}>← Back to the story</a>
        </p>
        <h1 class="comments-page__title">Comments on “{props.story.headline}”</h1>
        <Conversation ctx={props.ctx} slug={props.story.slug} count={props.count} closed={props.closed} page={props.page} sort={props.sort} paged />
      </div>
    </Layout>
  );
}

function Notice(props: { kind: 'error' | 'notice' | 'warning'; children: preact.ComponentChildren }) {
  return (
    <p class={props.kind === 'error' ? 'form-error' : props.kind === 'warning' ? 'form-warning' : 'form-notice'} id={props.kind === 'error' ? 'form-error' : undefined} role={props.kind === 'notice' ? 'status' : 'alert'}>
      {props.children}
    </p>
  );
}

/** The comment box: Markdown subset help, and the "are you sure?" second step. */
export function CommentForm(props: {
  action: string;
  csrf: string;
  label: string;
  submit: string;
  body?: string;
  parentId?: string | null;
  error?: string | null;
  confirm?: string | null;
  maxLength: number;
  /** Distinct ids when a page has two comment boxes (edit and reply). */
  idPrefix?: string;
}) {
  const id = props.idPrefix ?? 'comment';
  const describedBy = [`${id}-help`, props.error ? 'form-error' : ''].filter(Boolean).join(' ');
  return (
    <form method="post" action={props.action} class="comment-form">
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      {props.confirm ? <Notice kind="warning">{props.confirm}</Notice> : null}
      <Csrf token={props.csrf} />
      {props.parentId ? <input type="hidden" name="parent" value={props.parentId} /> : null}
      {props.confirm ? <input type="hidden" name="confirmed" value="1" /> : null}
      <p class="field">
        <label for={`${id}-body`}>{props.label}</label>
        <span class="field__hint" id={`${id}-help`}>
          Up to {props.maxLength.toLocaleString('en-US')} characters. *Italic*, **bold**, &gt; quotes and links work; nothing else does.
        </span>
        <textarea id={`${id}-body`} name="body" rows={6} maxLength={props.maxLength} required aria-describedby={describedBy} aria-invalid={props.error ? 'true' : undefined}>
          {props.body ?? ''}
        </textarea>
      </p>
      <p>
        <button type="submit">{props.confirm ? 'Post anyway' : props.submit}</button>
      </p>
    </form>
  );
}

export function SignInPrompt(props: { next: string; what: string }) {
  return (
    <div class="notice">
      <h2>Sign in to {props.what}</h2>
      <p>
        <a href={`/account/sign-in?next=${encodeURIComponent(props.next)}`}>Sign in</a> or <a href="/account/sign-up">create an account</a> to join the conversation. Reading
        comments needs no account.
      </p>
    </div>
  );
}

export function WriteCommentPage(props: {
  ctx: ViewContext;
  story: StoryRef;
  csrf: string | null;
  closed: boolean;
  warning?: string | null;
  form: { body?: string; error?: string | null; confirm?: string | null };
  maxLength: number;
}) {
  const { story } = props;
  return (
    <Layout ctx={props.ctx} head={{ title: `Comment on: ${story.headline}`, robots: 'noindex' }}>
      <section class="comment-page" aria-labelledby="write-heading">
        <p class="back-link">
          <a href={storyPath(story.slug)}>← {story.headline}</a>
        </p>
        <h1 id="write-heading">Write a comment</h1>
        <p>
          Comments follow our <a href="/community-guidelines">Community Guidelines</a>.
        </p>
        {props.warning ? <Notice kind="warning">A moderator has warned your account: {props.warning}</Notice> : null}
        {props.closed ? (
          <p class="conversation__closed">Comments are closed on this story.</p>
        ) : props.csrf ? (
          <CommentForm action={`${storyCommentsPath(story.slug)}`} csrf={props.csrf} label="Your comment" submit="Post comment" maxLength={props.maxLength} {...props.form} />
        ) : (
          <SignInPrompt next={`${storyPath(story.slug)}/comment`} what="comment" />
        )}
      </section>
    </Layout>
  );
}

const OUTCOME_NOTICES: Record<string, string> = {
  published: 'Your comment is published.',
  pending: 'Your comment is held for review. A moderator will look at it soon; until then only you can see it.',
  rejected: 'Your comment was not published.',
  edited: 'Your changes are saved.',
  reported: 'Thank you. A moderator will look at the comment you reported.',
  hidden: 'Thank you. The comment is hidden until a moderator reviews it.',
};

/** A comment's own page: its thread, its status for the writer, and what the viewer may do. */
export function CommentPage(props: {
  ctx: ViewContext;
  story: StoryRef;
  root: CommentView;
  focus: CommentView;
  viewer: { id: string; staff: boolean } | null;
  csrf: string | null;
  outcome: string | null;
  reasons: string[];
  canEdit: boolean;
  closed: boolean;
  maxLength: number;
  form?: { body?: string; error?: string | null; confirm?: string | null; editing?: boolean };
}) {
  const { focus, viewer, csrf } = props;
  const own = viewer !== null && viewer.id === focus.authorId;
  const reasons = props.reasons.length > 0 ? props.reasons : [];
  const editing = props.form?.editing === true;
  return (
    <Layout ctx={props.ctx} head={{ title: `Comment on: ${props.story.headline}`, robots: 'noindex' }}>
      <section class="comment-page" aria-labelledby="comment-heading">
        <p class="back-link">
          <a href={`${storyPath(props.story.slug)}#comments`}>← {props.story.headline}</a>
        </p>
        <h1 id="comment-heading">Comment</h1>
        {props.outcome && OUTCOME_NOTICES[props.outcome] ? <Notice kind={props.outcome === 'rejected' ? 'error' : 'notice'}>{OUTCOME_NOTICES[props.outcome]}</Notice> : null}
        {own && focus.status !== 'published' && focus.status !== 'deleted' ? (
          <div class="comment-status">
            <p>
              <strong>{focus.status === 'pending' ? 'Held for review.' : 'Rejected.'}</strong> {reasons.length > 0 ? reasons.join(' ') : null}
            </p>
            <div class="comment__body" dangerouslySetInnerHTML={{ __html: focus.html }} />
          </div>
        ) : null}
        <ol class="comment-list">
          <CommentItem comment={props.root} tz={props.ctx.timeZone} focus={focus.id} />
        </ol>
        {own && csrf && props.canEdit ? (
          <section aria-labelledby="edit-heading" class="comment-own">
            <h2 id="edit-heading">Edit your comment</h2>
            <p>You can edit a comment for 10 minutes after posting it.</p>
            <CommentForm
              action={`${commentPath(focus.id)}/edit`}
              idPrefix="edit"
              csrf={csrf}
              label="Your comment"
              submit="Save changes"
              maxLength={props.maxLength}
              body={editing ? props.form?.body : focus.markdown}
              error={editing ? props.form?.error : null}
              confirm={editing ? props.form?.confirm : null}
            />
          </section>
        ) : null}
        {own && csrf && focus.status !== 'deleted' ? (
          <PostButton action={`${commentPath(focus.id)}/delete`} csrf={csrf} label="Delete this comment" buttonClass="button-secondary" formClass="comment-own" />
        ) : null}
        {focus.status === 'published' ? (
          <section aria-labelledby="reply-heading" id="reply" class="comment-reply">
            <h2 id="reply-heading">Reply to {focus.authorName ?? 'this comment'}</h2>
            {props.closed ? (
              <p class="conversation__closed">Comments are closed on this story.</p>
            ) : csrf ? (
              <CommentForm
                action={storyCommentsPath(props.story.slug)}
                csrf={csrf}
                parentId={focus.id}
                label="Your reply"
                submit="Post reply"
                maxLength={props.maxLength}
                body={!editing ? props.form?.body : undefined}
                error={!editing ? props.form?.error : null}
                confirm={!editing ? props.form?.confirm : null}
              />
            ) : (
              <SignInPrompt next={`${commentPath(focus.id)}#reply`} what="reply" />
            )}
          </section>
        ) : null}
        {viewer?.staff ? (
          <p>
            <a href={`/desk/comments/${focus.id}`}>Moderate this comment</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}

export function ReportPage(props: { ctx: ViewContext; comment: CommentView; story: StoryRef; csrf: string | null; error: string | null; values: { reason?: string; note?: string }; reasons: readonly string[] }) {
  const labels: Record<string, string> = {
    'off-topic': 'Off topic',
    abusive: 'Abusive or hateful',
    spam: 'Spam or advertising',
    misinformation: 'Misinformation',
    other: 'Something else (say what in the note)',
  };
  return (
    <Layout ctx={props.ctx} head={{ title: 'Report a comment', robots: 'noindex' }}>
      <section class="comment-page" aria-labelledby="report-heading">
        <p class="back-link">
          <a href={commentPath(props.comment.id)}>← Back to the comment</a>
        </p>
        <h1 id="report-heading">Report a comment</h1>
        <blockquote class="comment__quoted" dangerouslySetInnerHTML={{ __html: props.comment.html }} />
        {props.csrf ? (
          <form method="post" action={`${commentPath(props.comment.id)}/report`}>
            {props.error ? <Notice kind="error">{props.error}</Notice> : null}
            <Csrf token={props.csrf} />
            <fieldset>
              <legend>What is wrong with it?</legend>
              {props.reasons.map((r) => (
                <p key={r} class="choice">
                  <input type="radio" name="reason" id={`reason-${r}`} value={r} checked={props.values.reason === r} required />
                  <label for={`reason-${r}`}>{labels[r] ?? r}</label>
                </p>
              ))}
            </fieldset>
            <p class="field">
              <label for="note">Note for the moderators (optional unless you chose "something else")</label>
              <textarea id="note" name="note" rows={3} maxLength={1000}>
                {props.values.note ?? ''}
              </textarea>
            </p>
            <p>
              <button type="submit">Send report</button>
            </p>
          </form>
        ) : (
          <SignInPrompt next={`${commentPath(props.comment.id)}/report`} what="report a comment" />
        )}
      </section>
    </Layout>
  );
}

export function GuidelinesPage(props: { ctx: ViewContext }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} head={{ title: 'Community Guidelines', description: `How conversation works under ${ctx.settings.siteName} stories.` }}>
      <article class="prose" aria-labelledby="guidelines-heading">
        <h1 id="guidelines-heading">Community Guidelines</h1>
        <div dangerouslySetInnerHTML={{ __html: renderCommentMarkdown(ctx.settings.guidelines) }} />
      </article>
    </Layout>
  );
}
