// A commenter as the desk sees them: standing, recent comments, log, and the actions on them.
import type { Role } from '../../../modules/accounts/index.ts';
import type { CommenterProfile, CommentView } from '../../../modules/comments/index.ts';
import type { LogEntry } from '../../../modules/moderation/index.ts';
import type { ModStatus } from '../../../modules/moderation/index.ts';
import type { ViewContext } from '../context.ts';
import { Csrf } from '../partials/form.tsx';
import { formatDateTime } from '../format-time.ts';
import { storyPath } from '../urls.ts';
import { DeskLayout, Flash, CommentSnippet } from './shell.tsx';
import { LogTable } from './log.tsx';

const STATUS_TEXT: Record<ModStatus, string> = { active: 'Active', premod: 'Pre-moderated', suspended: 'Suspended', banned: 'Banned' };

export function UserPage(props: { ctx: ViewContext; role: Role; user: CommenterProfile; comments: (CommentView & { storySlug: string; storyHeadline: string })[]; log: LogEntry[]; csrf: string; flash: string | null; error: string | null }) {
  const { user, ctx } = props;
  const tz = ctx.timeZone;
  return (
    <DeskLayout ctx={ctx} title={`Commenter: ${user.displayName}`} current="" role={props.role}>
      <Flash message={props.flash} />
      <Flash message={props.error} error />
      <dl class="contact-list">
        {/* Readers' addresses are for admins only (security review #10.18). */}
        {props.role === 'admin' ? (
          <>
            <dt>Email</dt>
            <dd>{user.email}</dd>
          </>
        ) : null}
        <dt>Role</dt>
        <dd>{user.role}</dd>
        <dt>Status</dt>
        <dd>
          {STATUS_TEXT[user.modStatus]}
          {user.modStatus === 'suspended' && user.suspendedUntil ? <> until <time datetime={user.suspendedUntil}>{formatDateTime(user.suspendedUntil, tz)}</time></> : null}
        </dd>
        <dt>Joined</dt>
        <dd>
          <time datetime={user.createdAt}>{formatDateTime(user.createdAt, tz)}</time>
        </dd>
        <dt>Comments</dt>
        <dd>
          {Object.entries(user.counts)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ') || 'none'}
        </dd>
      </dl>
      <form method="post" action={`/desk/users/${user.id}`} class="desk-form">
        <Csrf token={props.csrf} />
        <fieldset>
          <legend>Act on this account</legend>
          {(
            [
              ['warn', 'Warn (shown to them once)'],
              ['suspend', 'Suspend for a time'],
              ['premod', 'Pre-moderate every comment'],
              ['ban', 'Ban from commenting'],
              ['reinstate', 'Reinstate (clear status and warning)'],
            ] as const
          ).map(([value, label]) => (
            <p class="choice" key={value}>
              <input type="radio" name="action" id={`action-${value}`} value={value} required />
              <label for={`action-${value}`}>{label}</label>
            </p>
          ))}
        </fieldset>
        <p class="field">
          <label for="hours">Suspension length in hours</label>
          <input id="hours" name="hours" type="number" min={1} max={8760} value="24" />
        </p>
        <p class="choice">
          <input type="checkbox" id="reject-all" name="rejectAll" value="1" />
          <label for="reject-all">With a ban: also reject all their published and pending comments</label>
        </p>
        <p class="field">
          <label for="user-reason">Reason (the log keeps it)</label>
          <input id="user-reason" name="reason" type="text" maxLength={500} />
        </p>
        <p>
          <button type="submit">Apply</button>
        </p>
      </form>
      <h2>Recent comments</h2>
      <ol class="queue">
        {props.comments.map((c) => (
          <li key={c.id} class="queue-item">
            <p class="queue-item__story">
              On <a href={storyPath(c.storySlug)}>{c.storyHeadline}</a> · <a href={`/desk/comments/${c.id}`}>moderate</a>
            </p>
            <CommentSnippet comment={c} tz={tz} label="Comment" />
          </li>
        ))}
      </ol>
      <h2>History</h2>
      <LogTable entries={props.log} tz={tz} />
    </DeskLayout>
  );
}
