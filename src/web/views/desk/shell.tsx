// The desk's frame: its layout and navigation, notices, and a comment shown in brief.
import { EDITOR_ROLES, MODERATOR_ROLES, WRITER_ROLES, type Role } from '../../../modules/accounts/index.ts';
import type { CommentView, QueueName } from '../../../modules/comments/index.ts';
import type { ViewContext } from '../context.ts';
import { formatDateTime } from '../format-time.ts';
import { Layout } from '../layout.tsx';

export const QUEUE_LABELS: Record<QueueName, string> = { pending: 'Pending', reported: 'Reported', rejected: 'Rejected' };

/** The desk's sections this role may open: the server checks each route as well. */
function deskLinks(role: Role): [string, string][] {
  return [
    ...(WRITER_ROLES.includes(role) ? ([['/desk/stories', 'Stories'], ['/desk/media', 'Media'], ['/desk/tips', 'Tips']] as [string, string][]) : []),
    ...(EDITOR_ROLES.includes(role) ? ([['/desk/wire', 'Wire queue'], ['/desk/log', 'Desk log'], ['/desk/newsletters', 'Newsletters']] as [string, string][]) : []),
    ...(MODERATOR_ROLES.includes(role) ? ([['/desk/moderation', 'Comment queues'], ['/desk/moderation/words', 'Word lists'], ['/desk/moderation/log', 'Moderation log']] as [string, string][]) : []),
    ...(role === 'admin' ? ([['/desk/sources', 'Sources'], ['/desk/staff', 'Staff'], ['/desk/settings', 'Conversation settings'], ['/desk/site', 'Site settings']] as [string, string][]) : []),
    ['/desk/profile', 'Your profile'],
  ];
}

export function DeskLayout(props: { ctx: ViewContext; title: string; current: string; role: Role; children: preact.ComponentChildren }) {
  const links = deskLinks(props.role);
  return (
    <Layout ctx={props.ctx} head={{ title: props.title, robots: 'noindex, nofollow' }}>
      <nav class="desk-nav" aria-label="Desk">
        <ul>
          {links.map(([href, label]) => (
            <li key={href}>
              <a href={href} aria-current={props.current === href ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section class="desk" aria-labelledby="desk-heading">
        <h1 id="desk-heading">{props.title}</h1>
        {props.children}
      </section>
    </Layout>
  );
}

export function Flash(props: { message: string | null; error?: boolean }) {
  if (!props.message) return null;
  return (
    <p class={props.error ? 'form-error' : 'form-notice'} role={props.error ? 'alert' : 'status'}>
      {props.message}
    </p>
  );
}

export function CommentSnippet(props: { comment: CommentView; tz: string; label: string }) {
  const { comment } = props;
  return (
    <div class="desk-comment">
      <p class="desk-comment__meta">
        <span class="visually-hidden">{props.label}: </span>
        {comment.authorId ? <a href={`/desk/users/${comment.authorId}`}>{comment.authorName}</a> : <span>Deleted account</span>}
        {comment.staff ? <span class="badge badge--staff">Staff</span> : null} ·{' '}
        <time datetime={comment.createdAt}>{formatDateTime(comment.createdAt, props.tz)}</time>
        {comment.editedAt ? ' (edited)' : null} · {comment.status}
      </p>
      {comment.status === 'deleted' ? <p>Deleted by its writer.</p> : <div class="comment__body" dangerouslySetInnerHTML={{ __html: comment.html }} />}
    </div>
  );
}
