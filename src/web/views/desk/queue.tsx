// The moderation queues and one comment in context, with the decisions a moderator can take.
import type { Role } from '../../../modules/accounts/index.ts';
import type { QueueItem, QueueName } from '../../../modules/comments/index.ts';
import type { ViewContext } from '../context.ts';
import { Csrf } from '../partials/form.tsx';
import { commentPath, storyPath } from '../urls.ts';
import { DeskLayout, Flash, CommentSnippet, QUEUE_LABELS } from './shell.tsx';

export function QueueCard(props: { item: QueueItem; csrf: string; tz: string; back: string }) {
  const { item, csrf } = props;
  const c = item.comment;
  const reasons = item.decisions.filter((d) => d.action !== 'note');
  const notes = item.decisions.filter((d) => d.action === 'note');
  return (
    <li class="queue-item" id={`q-${c.id}`}>
      <article aria-label={`Comment by ${c.authorName ?? 'a deleted account'} on ${item.story.headline}`}>
        <p class="queue-item__story">
          On <a href={storyPath(item.story.slug)}>{item.story.headline}</a> · <a href={commentPath(c.id)}>in the thread</a> ·{' '}
          <a href={`/desk/stories/${item.story.slug}/comments`}>story settings</a>
        </p>
        {item.parent ? (
          <div class="queue-item__parent">
            <CommentSnippet comment={item.parent} tz={props.tz} label="In reply to" />
          </div>
        ) : null}
        <CommentSnippet comment={c} tz={props.tz} label="Comment" />
        {item.authorStatus && item.authorStatus !== 'active' ? <p class="queue-item__status">Writer's account: {item.authorStatus}</p> : null}
        {reasons.length > 0 || notes.length > 0 || c.toxicity !== null ? (
          <ul class="queue-item__reasons" aria-label="Why it is here">
            {reasons.map((d, i) => (
              <li key={i}>
                <strong>{d.phase}</strong> ({d.action}): {d.reason}
              </li>
            ))}
            {notes.map((d, i) => (
              <li key={`n${i}`}>
                <strong>{d.phase}</strong>: {d.reason}
              </li>
            ))}
          </ul>
        ) : null}
        {item.reports.length > 0 ? (
          <ul class="queue-item__reports" aria-label="Reports">
            {item.reports.map((r, i) => (
              <li key={i}>
                Report by {r.reporterName ?? 'a deleted account'}: <strong>{r.reason}</strong>
                {r.note ? <> — “{r.note}”</> : null}
              </li>
            ))}
          </ul>
        ) : null}
        {c.status !== 'deleted' ? (
          <div class="queue-item__actions">
            {c.status !== 'published' || c.reportCount > 0 ? (
              <form method="post" action={`/desk/comments/${c.id}/decide`}>
                <Csrf token={csrf} />
                <input type="hidden" name="back" value={props.back} />
                <button type="submit" name="action" value="approve">
                  Approve
                </button>
              </form>
            ) : null}
            {c.status !== 'rejected' ? (
              <form method="post" action={`/desk/comments/${c.id}/decide`} class="queue-item__reject">
                <Csrf token={csrf} />
                <input type="hidden" name="back" value={props.back} />
                <label for={`reason-${c.id}`}>Reason for the writer</label>
                <input id={`reason-${c.id}`} name="reason" type="text" required maxLength={500} />
                <button type="submit" name="action" value="reject" class="button-danger">
                  Reject
                </button>
              </form>
            ) : null}
            {c.status === 'published' ? (
              <form method="post" action={`/desk/comments/${c.id}/decide`}>
                <Csrf token={csrf} />
                <input type="hidden" name="back" value={props.back} />
                <button type="submit" name="action" value={c.featured ? 'unfeature' : 'feature'} class="button-secondary">
                  {c.featured ? 'Stop featuring' : 'Feature'}
                </button>
              </form>
            ) : null}
          </div>
        ) : null}
      </article>
    </li>
  );
}

export function QueuePage(props: { ctx: ViewContext; role: Role; queue: QueueName; counts: Record<QueueName, number>; items: QueueItem[]; csrf: string; flash: string | null; story: { slug: string; headline: string } | null }) {
  const storyParam = props.story ? `&story=${props.story.slug}` : '';
  return (
    <DeskLayout ctx={props.ctx} title={props.story ? `Moderation: ${props.story.headline}` : 'Moderation queues'} current="/desk/moderation" role={props.role}>
      <Flash message={props.flash} />
      <nav class="queue-tabs" aria-label="Queues">
        <ul>
          {(Object.keys(QUEUE_LABELS) as QueueName[]).map((q) => (
            <li key={q}>
              <a href={`/desk/moderation?queue=${q}${storyParam}`} aria-current={q === props.queue ? 'page' : undefined}>
                {QUEUE_LABELS[q]} <span class="queue-tabs__count">({props.counts[q]})</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.items.length === 0 ? <p>Nothing in this queue.</p> : null}
      <ol class="queue">
        {props.items.map((item) => (
          <QueueCard key={item.comment.id} item={item} csrf={props.csrf} tz={props.ctx.timeZone} back={`/desk/moderation?queue=${props.queue}${storyParam}`} />
        ))}
      </ol>
    </DeskLayout>
  );
}

export function DeskCommentPage(props: { ctx: ViewContext; role: Role; item: QueueItem; csrf: string; flash: string | null }) {
  return (
    <DeskLayout ctx={props.ctx} title="Moderate a comment" current="" role={props.role}>
      <Flash message={props.flash} />
      <ol class="queue">
        <QueueCard item={props.item} csrf={props.csrf} tz={props.ctx.timeZone} back={`/desk/comments/${props.item.comment.id}`} />
      </ol>
    </DeskLayout>
  );
}
