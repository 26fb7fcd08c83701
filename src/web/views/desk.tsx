// The moderators' desk: queues with each comment in context, user actions, word lists,
// per-story modes, the moderation log and (for admins) the conversation settings.
import type { CommenterProfile, CommentView, QueueItem, QueueName } from '../../modules/comments/index.ts';
import type { ListedWord, LogEntry, ModerationSettings } from '../../modules/moderation/index.ts';
import type { SiteSettings } from '../../modules/settings/index.ts';
import type { ModStatus, ThreadMode, WordList } from '../../storage/index.ts';
import { Csrf } from './partials/form.tsx';
import type { ViewContext } from './context.ts';
import { formatDateTime } from './format-time.ts';
import { Layout } from './layout.tsx';
import { commentPath, storyPath } from './urls.ts';

const QUEUE_LABELS: Record<QueueName, string> = { pending: 'Pending', reported: 'Reported', rejected: 'Rejected' };

function DeskLayout(props: { ctx: ViewContext; title: string; current: string; admin: boolean; children: preact.ComponentChildren }) {
  const links: [string, string][] = [
    ['/desk/moderation', 'Queues'],
    ['/desk/moderation/words', 'Word lists'],
    ['/desk/moderation/log', 'Moderation log'],
    ...(props.admin ? ([['/desk/settings', 'Conversation settings']] as [string, string][]) : []),
  ];
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

function Flash(props: { message: string | null; error?: boolean }) {
  if (!props.message) return null;
  return (
    <p class={props.error ? 'form-error' : 'form-notice'} role={props.error ? 'alert' : 'status'}>
      {props.message}
    </p>
  );
}

function CommentSnippet(props: { comment: CommentView; tz: string; label: string }) {
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

export function QueuePage(props: { ctx: ViewContext; admin: boolean; queue: QueueName; counts: Record<QueueName, number>; items: QueueItem[]; csrf: string; flash: string | null; story: { slug: string; headline: string } | null }) {
  const storyParam = props.story ? `&story=${props.story.slug}` : '';
  return (
    <DeskLayout ctx={props.ctx} title={props.story ? `Moderation: ${props.story.headline}` : 'Moderation queues'} current="/desk/moderation" admin={props.admin}>
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

export function DeskCommentPage(props: { ctx: ViewContext; admin: boolean; item: QueueItem; csrf: string; flash: string | null }) {
  return (
    <DeskLayout ctx={props.ctx} title="Moderate a comment" current="" admin={props.admin}>
      <Flash message={props.flash} />
      <ol class="queue">
        <QueueCard item={props.item} csrf={props.csrf} tz={props.ctx.timeZone} back={`/desk/comments/${props.item.comment.id}`} />
      </ol>
    </DeskLayout>
  );
}

const STATUS_TEXT: Record<ModStatus, string> = { active: 'Active', premod: 'Pre-moderated', suspended: 'Suspended', banned: 'Banned' };

export function UserPage(props: { ctx: ViewContext; admin: boolean; user: CommenterProfile; comments: (CommentView & { storySlug: string; storyHeadline: string })[]; log: LogEntry[]; csrf: string; flash: string | null; error: string | null }) {
  const { user, ctx } = props;
  const tz = ctx.timeZone;
  return (
    <DeskLayout ctx={ctx} title={`Commenter: ${user.displayName}`} current="" admin={props.admin}>
      <Flash message={props.flash} />
      <Flash message={props.error} error />
      <dl class="contact-list">
        <dt>Email</dt>
        <dd>{user.email}</dd>
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

const LIST_LABELS: Record<WordList, string> = {
  banned: 'Banned words: comments using them are rejected with a message',
  suspect: 'Suspect words: comments using them are held for review',
  toxic: 'Toxic words: each adds its weight to the offline toxicity score',
};

export function WordsPage(props: { ctx: ViewContext; admin: boolean; words: ListedWord[]; csrf: string; flash: string | null }) {
  return (
    <DeskLayout ctx={props.ctx} title="Word lists" current="/desk/moderation/words" admin={props.admin}>
      <Flash message={props.flash} />
      <p>Matching ignores case and accents and sees through look-alike letters, leetspeak (“cr00k”), stretched letters and letters split by dots or spaces. A word never matches inside a longer word.</p>
      {(Object.keys(LIST_LABELS) as WordList[]).map((list) => {
        const entries = props.words.filter((w) => w.list === list);
        return (
          <section key={list} aria-labelledby={`list-${list}`} class="word-list">
            <h2 id={`list-${list}`}>{LIST_LABELS[list]}</h2>
            {entries.length === 0 ? <p>None yet.</p> : null}
            <ul>
              {entries.map((w) => (
                <li key={w.word}>
                  <form method="post" action="/desk/moderation/words/remove">
                    <Csrf token={props.csrf} />
                    <input type="hidden" name="list" value={list} />
                    <input type="hidden" name="word" value={w.word} />
                    {w.word}
                    {list === 'toxic' ? ` (weight ${w.weight})` : null}{' '}
                    <button type="submit" class="button-small" aria-label={`Remove ${w.word}`}>
                      Remove
                    </button>
                  </form>
                </li>
              ))}
            </ul>
            <form method="post" action="/desk/moderation/words" class="desk-form">
              <Csrf token={props.csrf} />
              <input type="hidden" name="list" value={list} />
              <p class="field">
                <label for={`add-${list}`}>Add words or phrases, one per line</label>
                <textarea id={`add-${list}`} name="words" rows={2} required />
              </p>
              {list === 'toxic' ? (
                <p class="field">
                  <label for="weight">Weight (0.05 to 1)</label>
                  <input id="weight" name="weight" type="number" min={0.05} max={1} step={0.05} value="0.5" />
                </p>
              ) : null}
              <p>
                <button type="submit">Add</button>
              </p>
            </form>
          </section>
        );
      })}
    </DeskLayout>
  );
}

const MODE_LABELS: Record<ThreadMode, string> = {
  default: 'Site default',
  open: 'Open (post-moderated)',
  premod: 'Pre-moderated: every comment waits for a moderator',
  closed: 'Closed: no new comments',
};

export function StoryCommentsPage(props: { ctx: ViewContext; admin: boolean; story: { slug: string; headline: string }; mode: ThreadMode; slowModeSeconds: number; count: number; csrf: string; flash: string | null }) {
  return (
    <DeskLayout ctx={props.ctx} title={`Comments on: ${props.story.headline}`} current="" admin={props.admin}>
      <Flash message={props.flash} />
      <p>
        {props.count} published comments. <a href={storyPath(props.story.slug)}>Read the story</a> ·{' '}
        <a href={`/desk/moderation?queue=pending&story=${props.story.slug}`}>this story's queues</a>
      </p>
      <form method="post" action={`/desk/stories/${props.story.slug}/comments`} class="desk-form">
        <Csrf token={props.csrf} />
        <fieldset>
          <legend>Comments on this story</legend>
          {(Object.keys(MODE_LABELS) as ThreadMode[]).map((m) => (
            <p class="choice" key={m}>
              <input type="radio" name="mode" id={`mode-${m}`} value={m} checked={props.mode === m} />
              <label for={`mode-${m}`}>{MODE_LABELS[m]}</label>
            </p>
          ))}
        </fieldset>
        <p class="field">
          <label for="slow">Slow mode: seconds between one reader's comments (0 for off)</label>
          <input id="slow" name="slow" type="number" min={0} max={3600} value={String(props.slowModeSeconds)} />
        </p>
        <p>
          <button type="submit">Save</button>
        </p>
      </form>
    </DeskLayout>
  );
}

function LogTable(props: { entries: LogEntry[]; tz: string }) {
  if (props.entries.length === 0) return <p>Nothing recorded yet.</p>;
  return (
    <table class="log-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr key={e.id}>
            <td>
              <time datetime={e.at}>{formatDateTime(e.at, props.tz)}</time>
            </td>
            <td>{e.actorName}</td>
            <td>{e.action}</td>
            <td>
              {e.targetType === 'comment' ? (
                <a href={`/desk/comments/${e.targetId}`}>comment</a>
              ) : e.targetType === 'user' ? (
                <a href={`/desk/users/${e.targetId}`}>user</a>
              ) : (
                e.targetType
              )}
            </td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LogPage(props: { ctx: ViewContext; admin: boolean; entries: LogEntry[]; next: string | null }) {
  return (
    <DeskLayout ctx={props.ctx} title="Moderation log" current="/desk/moderation/log" admin={props.admin}>
      <p>Every moderation decision, by people and by the automatic rules. Entries can be added, never changed or removed.</p>
      <LogTable entries={props.entries} tz={props.ctx.timeZone} />
      {props.next ? (
        <p class="pager">
          <a href={`/desk/moderation/log?before=${encodeURIComponent(props.next)}`} rel="next">
            Older entries
          </a>
        </p>
      ) : null}
    </DeskLayout>
  );
}

export function SettingsPage(props: { ctx: ViewContext; settings: ModerationSettings; site: SiteSettings; csrf: string; flash: string | null; error: string | null }) {
  const s = props.settings;
  const number = (id: keyof ModerationSettings, label: string, attrs: { min: number; max: number; step?: number }) => (
    <p class="field">
      <label for={id}>{label}</label>
      <input id={id} name={id} type="number" value={String(s[id])} min={attrs.min} max={attrs.max} step={attrs.step ?? 1} required />
    </p>
  );
  return (
    <DeskLayout ctx={props.ctx} title="Conversation settings" current="/desk/settings" admin>
      <Flash message={props.flash} />
      <Flash message={props.error} error />
      <form method="post" action="/desk/settings" class="desk-form">
        <Csrf token={props.csrf} />
        <fieldset>
          <legend>Moderation mode for the whole site</legend>
          <p class="choice">
            <input type="radio" name="siteMode" id="siteMode-post" value="post" checked={s.siteMode === 'post'} />
            <label for="siteMode-post">Post-moderation: comments appear at once unless a rule holds them</label>
          </p>
          <p class="choice">
            <input type="radio" name="siteMode" id="siteMode-pre" value="pre" checked={s.siteMode === 'pre'} />
            <label for="siteMode-pre">Pre-moderation: every comment waits for a moderator</label>
          </p>
        </fieldset>
        <fieldset>
          <legend>Who may comment</legend>
          <p class="choice">
            <input type="radio" name="requireVerifiedEmail" id="verified-1" value="1" checked={s.requireVerifiedEmail} />
            <label for="verified-1">Readers who have confirmed their email address</label>
          </p>
          <p class="choice">
            <input type="radio" name="requireVerifiedEmail" id="verified-0" value="0" checked={!s.requireVerifiedEmail} />
            <label for="verified-0">Any signed-in reader, confirmed or not</label>
          </p>
        </fieldset>
        {number('premodUntilApproved', 'Pre-moderate new commenters until this many comments are approved (0: off)', { min: 0, max: 1000 })}
        {number('linksNeedApproved', 'Hold comments with links from commenters with fewer approved comments than', { min: 0, max: 1000 })}
        {number('maxLength', 'Longest comment, in characters', { min: 100, max: 20000 })}
        {number('perMinute', 'Comments per reader per minute', { min: 1, max: 1000 })}
        {number('reportThreshold', 'Reports from different readers that hide a comment until review', { min: 1, max: 100 })}
        {number('toxicityThreshold', 'Toxicity (0 to 1) above which writers are asked "are you sure?"', { min: 0, max: 1, step: 0.01 })}
        <p class="field">
          <label for="scorerUrl">Perspective-compatible scoring URL (empty: the built-in word-list scorer)</label>
          <input id="scorerUrl" name="scorerUrl" type="url" value={s.scorerUrl} />
        </p>
        <p class="field">
          <label for="scorerKey">API key for that service</label>
          <input id="scorerKey" name="scorerKey" type="text" value={s.scorerKey} autocomplete="off" />
        </p>
        <p class="field">
          <label for="guidelines">Community Guidelines (paragraphs, *emphasis*, **bold**, &gt; quotes and links)</label>
          <textarea id="guidelines" name="guidelines" rows={16} required>
            {props.site.guidelines}
          </textarea>
        </p>
        <p>
          <button type="submit">Save settings</button>
        </p>
      </form>
    </DeskLayout>
  );
}
