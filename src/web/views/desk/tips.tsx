// The desk's tip inbox and one tip. The inbox shows no tip's words (opening a tip is what the
// access log records); the tip page shows everything, with the actions this person may take.
import type { Role } from '../../../modules/accounts/index.ts';
import { COUNT_CAP, type TipFolder, type TipList, type TipStatus, type TipView } from '../../../modules/tips/index.ts';
import type { ViewContext } from '../context.ts';
import { formatDateTime } from '../format-time.ts';
import { Csrf } from '../partials/form.tsx';
import { storyPath } from '../urls.ts';
import { DeskLayout, Flash } from './shell.tsx';

export const TIP_STATUS_LABELS: Record<TipStatus, string> = {
  new: 'New',
  assigned: 'Assigned',
  in_progress: 'In progress',
  used: 'Used',
  declined: 'Declined',
  duplicate: 'Duplicate',
  spam: 'Spam',
};

const FOLDER_LABELS: Record<TipFolder, string> = { open: 'Open', closed: 'Closed', ...TIP_STATUS_LABELS };
const SPAM_REASONS: Record<string, string> = { honeypot: 'filled in the hidden field', challenge_invalid: 'sent a forged or reused browser check', marked: 'marked by an editor' };
const ACTION_LABELS: Record<string, string> = {
  submitted: 'sent the tip',
  'source-viewed': 'read the tip with the receipt',
  'source-added': 'added to the tip',
  'source-deleted': 'deleted the tip',
  viewed: 'opened the tip',
  'file-downloaded': 'downloaded a file',
  'file-previewed': 'viewed a picture’s preview',
  assigned: 'assigned it to',
  'status-changed': 'changed the status',
  noted: 'added a note',
  replied: 'replied to the source',
  'story-linked': 'linked the story',
  'marked-duplicate': 'merged it into',
  deleted: 'deleted the tip',
  purged: 'deleted the tip after its retention period',
  resealed: 'sealed it under the new key',
};

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export function TipsInboxPage(props: { ctx: ViewContext; role: Role; list: TipList; folder: TipFolder; mine: boolean; folders: readonly TipFolder[]; flash: string | null }) {
  const { list, ctx } = props;
  const editor = props.role === 'editor' || props.role === 'admin';
  const href = (folder: TipFolder, extra = '') => `/desk/tips?folder=${folder}${props.mine ? '&mine=1' : ''}${extra}`;
  const count = (folder: TipFolder) =>
    folder === 'open' ? (list.counts.new ?? 0) + (list.counts.assigned ?? 0) + (list.counts.in_progress ?? 0) : folder === 'closed' ? (list.counts.used ?? 0) + (list.counts.declined ?? 0) + (list.counts.duplicate ?? 0) : (list.counts[folder] ?? 0);
  return (
    <DeskLayout ctx={ctx} title="Tips" current="/desk/tips" role={props.role}>
      <Flash message={props.flash} />
      <p>{editor ? 'Every tip sent through “Share a story idea”.' : 'The tips an editor assigned to you.'} Opening a tip, and every file downloaded, is recorded in its access log.</p>
      <nav class="tip-folders" aria-label="Tip folders">
        <ul>
          {props.folders.map((f) => (
            <li key={f}>
              <a href={href(f)} aria-current={f === props.folder ? 'page' : undefined}>
                {FOLDER_LABELS[f]} ({count(f) >= COUNT_CAP ? `${COUNT_CAP.toLocaleString('en')}+` : count(f)})
              </a>
            </li>
          ))}
        </ul>
        {editor ? (
          <p>
            {props.mine ? <a href={`/desk/tips?folder=${props.folder}`}>Show everyone’s tips</a> : <a href={`/desk/tips?folder=${props.folder}&mine=1`}>Show only tips assigned to me</a>}
          </p>
        ) : null}
      </nav>
      {list.items.length === 0 ? (
        <p>No tips here.</p>
      ) : (
        <table class="log-table tip-inbox">
          <thead>
            <tr>
              <th scope="col">Tip</th>
              <th scope="col">Received</th>
              <th scope="col">Status</th>
              <th scope="col">Assigned to</th>
              <th scope="col">Files</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((t) => (
              <tr key={t.id}>
                <td>
                  <a href={`/desk/tips/${t.id}`}>{t.reference}</a>
                  {t.newFromSource ? <span class="tip-badge"> new from the source</span> : null}
                  {!t.challengeSolved && t.status !== 'spam' ? <span class="muted"> (sent without the browser check)</span> : null}
                </td>
                <td>
                  <time datetime={t.receivedAt}>{formatDateTime(t.receivedAt, ctx.timeZone)}</time>
                </td>
                <td>
                  {TIP_STATUS_LABELS[t.status]}
                  {t.spamReason ? <span class="muted"> ({SPAM_REASONS[t.spamReason]})</span> : null}
                </td>
                <td>{t.assignee ?? '—'}</td>
                <td>{t.files}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.next ? (
        <p>
          <a href={href(props.folder, `&cursor=${encodeURIComponent(list.next)}`)}>Older tips</a>
        </p>
      ) : null}
    </DeskLayout>
  );
}

function FileList(props: { tipId: string; files: TipView['files'] }) {
  if (props.files.length === 0) return null;
  return (
    <ul class="tip-files">
      {props.files.map((f) => (
        <li key={f.id}>
          <a href={`/desk/tips/${props.tipId}/files/${f.id}`} download>
            {f.name}
          </a>{' '}
          <span class="muted">
            ({f.type}, {sizeText(f.bytes)}; downloads, never opens in the browser)
          </span>
          {f.hasPreview ? (
            <>
              {' '}
              · <a href={`/desk/tips/${props.tipId}/files/${f.id}/preview`}>View the picture without its metadata</a>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Detail(props: { label: string; value: string }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.value === '' ? <span class="muted">not given</span> : props.value}</dd>
    </>
  );
}

export function TipPage(props: { ctx: ViewContext; role: Role; userId: string; csrf: string; tip: TipView; assignees: { id: string; name: string }[]; flash: string | null; error: string | null }) {
  const { tip, ctx } = props;
  const tz = ctx.timeZone;
  const editor = props.role === 'editor' || props.role === 'admin';
  const form = (path: string, children: preact.ComponentChildren, label: string) => (
    <form method="post" action={`/desk/tips/${tip.id}/${path}`} class="desk-form tip-action">
      <Csrf token={props.csrf} />
      {children}
      <button type="submit">{label}</button>
    </form>
  );
  const statuses = (Object.keys(TIP_STATUS_LABELS) as TipStatus[]).filter((s) => editor || (s !== 'spam' && s !== 'duplicate'));
  // The log names a file by its id; the page knows the names.
  const fileNames = new Map([...tip.files, ...tip.messages.flatMap((m) => m.files)].map((f) => [f.id, f.name]));
  const detailOf = (entry: TipView['log'][number]) =>
    entry.action === 'file-downloaded' || entry.action === 'file-previewed' ? (entry.detail ? ` (${fileNames.get(entry.detail) ?? 'a file no longer here'})` : '') : entry.detail ? ` ${entry.detail}` : '';
  return (
    <DeskLayout ctx={ctx} title={`Tip ${tip.reference}`} current="/desk/tips" role={props.role}>
      <Flash message={props.flash} />
      <Flash message={props.error} error />
      <p>
        <a href="/desk/tips">All tips</a>
      </p>
      <p>
        Received <time datetime={tip.receivedAt}>{formatDateTime(tip.receivedAt, tz)}</time> · <strong>{TIP_STATUS_LABELS[tip.status]}</strong>
        {tip.spamReason ? ` (${SPAM_REASONS[tip.spamReason]})` : ''} · {tip.assignee ? `assigned to ${tip.assignee.name}` : 'not assigned'}
        {tip.challengeSolved ? '' : ' · sent without the browser check (JavaScript off, or a program)'}
      </p>
      {tip.duplicateOf ? (
        <p>
          A duplicate of <a href={`/desk/tips/${tip.duplicateOf.id}`}>{tip.duplicateOf.reference}</a>.
        </p>
      ) : null}
      {tip.duplicates.length > 0 ? (
        <p>
          Merged into this tip:{' '}
          {tip.duplicates.map((d, i) => (
            <span key={d.id}>
              {i > 0 ? ', ' : ''}
              <a href={`/desk/tips/${d.id}`}>{d.reference}</a>
            </span>
          ))}
        </p>
      ) : null}
      {tip.story ? (
        <p>
          The story that came of it: <a href={storyPath(tip.story.slug)}>{tip.story.headline}</a>
        </p>
      ) : null}

      <section aria-labelledby="tip-what-heading">
        <h2 id="tip-what-heading">What happened</h2>
        <div class="tip-text">{tip.content.what}</div>
        <dl class="tip-details">
          <Detail label="Where and when" value={tip.content.whereWhen} />
          <Detail label="Name" value={tip.content.name} />
          <Detail label="How to reach them" value={tip.content.contact} />
          <dt>May we contact them?</dt>
          <dd>{tip.content.consent ? 'Yes' : 'No'}</dd>
        </dl>
        <FileList tipId={tip.id} files={tip.files} />
      </section>

      <section aria-labelledby="tip-thread-heading">
        <h2 id="tip-thread-heading">Messages and notes</h2>
        {tip.messages.length === 0 ? <p>Nothing yet.</p> : null}
        <ol class="tip-thread">
          {tip.messages.map((m) => (
            <li key={m.id} class={`tip-thread__${m.kind}`}>
              <p class="tip-thread__meta">
                <strong>{m.kind === 'tipster' ? 'The source' : m.kind === 'note' ? `Note by ${m.author ?? 'a former staff member'} (staff only)` : `Reply by ${m.author ?? 'a former staff member'}`}</strong>, <time datetime={m.at}>{formatDateTime(m.at, tz)}</time>
              </p>
              <div class="tip-text">{m.text}</div>
              <FileList tipId={tip.id} files={m.files} />
            </li>
          ))}
        </ol>
        {form(
          'reply',
          <p class="field">
            <label for="tip-reply">Reply to the source</label>
            <textarea id="tip-reply" name="text" rows={4} required aria-describedby="tip-reply-hint"></textarea>
            <span class="field__hint" id="tip-reply-hint">
              They read it with their receipt code{tip.canEmail ? '; an email tells them a reply is waiting (without its words)' : ''}.
            </span>
          </p>,
          'Send the reply',
        )}
        {form(
          'note',
          <p class="field">
            <label for="tip-note">Internal note (the source never sees it)</label>
            <textarea id="tip-note" name="text" rows={3} required></textarea>
          </p>,
          'Add the note',
        )}
      </section>

      <section aria-labelledby="tip-work-heading">
        <h2 id="tip-work-heading">Work the tip</h2>
        {form(
          'status',
          <p class="field">
            <label for="tip-status">Status</label>
            <select id="tip-status" name="status">
              {statuses.map((s) => (
                <option key={s} value={s} selected={s === tip.status}>
                  {TIP_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </p>,
          'Change the status',
        )}
        {editor
          ? form(
              'assign',
              <p class="field">
                <label for="tip-assignee">Assign to</label>
                <select id="tip-assignee" name="userId">
                  <option value="">Nobody</option>
                  {props.assignees.map((a) => (
                    <option key={a.id} value={a.id} selected={a.id === tip.assignee?.id}>
                      {a.name}
                      {a.id === props.userId ? ' (you)' : ''}
                    </option>
                  ))}
                </select>
              </p>,
              'Assign',
            )
          : null}
        {form(
          'story',
          <p class="field">
            <label for="tip-story">The story that came of it</label>
            <input id="tip-story" name="story" type="text" value={tip.story ? storyPath(tip.story.slug) : ''} aria-describedby="tip-story-hint" />
            <span class="field__hint" id="tip-story-hint">
              The story’s address or slug; empty to unlink.
            </span>
          </p>,
          'Link the story',
        )}
        {editor
          ? form(
              'duplicate',
              <p class="field">
                <label for="tip-duplicate">Merge into another tip</label>
                <input id="tip-duplicate" name="of" type="text" placeholder="T-3F9K2C" aria-describedby="tip-duplicate-hint" />
                <span class="field__hint" id="tip-duplicate-hint">
                  Files this tip as a duplicate; the other tip lists it.
                </span>
              </p>,
              'Merge',
            )
          : null}
        {props.role === 'admin'
          ? form(
              'delete',
              <p class="field check">
                <input id="tip-delete-sure" name="sure" type="checkbox" value="1" required />
                <label for="tip-delete-sure">Delete this tip, its files and messages for good (the access log keeps that it was deleted).</label>
              </p>,
              'Delete the tip',
            )
          : null}
      </section>

      <section aria-labelledby="tip-log-heading">
        <h2 id="tip-log-heading">Access log</h2>
        <table class="log-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {tip.log.map((entry, i) => (
              <tr key={i}>
                <td>
                  <time datetime={entry.at}>{formatDateTime(entry.at, tz)}</time>
                </td>
                <td>{entry.actorName}</td>
                <td>
                  {ACTION_LABELS[entry.action] ?? entry.action}
                  {detailOf(entry)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </DeskLayout>
  );
}
